"""The full-text index behind casework.search: a GIN-indexed tsvector on PostgreSQL, FTS5 on SQLite."""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE casework_casesearchdocument ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED",
    "CREATE INDEX casework_casesearch_vector_gin ON casework_casesearchdocument USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS casework_casesearch_vector_gin",
    "ALTER TABLE casework_casesearchdocument DROP COLUMN IF EXISTS vector",
]
# External-content FTS5 table mirrored from the document table by triggers, so every write path
# (service layer, bulk seeding, flush) keeps it in step without extra code.
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE casework_case_fts USING fts5(body, content='casework_casesearchdocument', content_rowid='case_id')",
    "CREATE TRIGGER casework_case_fts_ai AFTER INSERT ON casework_casesearchdocument BEGIN "
    "INSERT INTO casework_case_fts(rowid, body) VALUES (new.case_id, new.body); END",
    "CREATE TRIGGER casework_case_fts_ad AFTER DELETE ON casework_casesearchdocument BEGIN "
    "INSERT INTO casework_case_fts(casework_case_fts, rowid, body) VALUES ('delete', old.case_id, old.body); END",
    "CREATE TRIGGER casework_case_fts_au AFTER UPDATE ON casework_casesearchdocument BEGIN "
    "INSERT INTO casework_case_fts(casework_case_fts, rowid, body) VALUES ('delete', old.case_id, old.body); "
    "INSERT INTO casework_case_fts(rowid, body) VALUES (new.case_id, new.body); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS casework_case_fts_ai",
    "DROP TRIGGER IF EXISTS casework_case_fts_ad",
    "DROP TRIGGER IF EXISTS casework_case_fts_au",
    "DROP TABLE IF EXISTS casework_case_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_presence_search_document")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
