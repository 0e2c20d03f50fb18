"""Issue 21: search documents hold the outward and inward codes of a postcode written without its space.

An outward code ("RD1") is now searched as one whole word rather than a prefix, so a document that held only
"rd14xy" gains "rd1 4xy" at its end (what `casework.search.documents.postcode_part_words` adds to new ones).
Only those documents are written: on PostgreSQL one statement finds them (a scan of every body, 25 s at a
million documents, no row locked but the few updated); SQLite's smaller tables are read in Python. PostgreSQL
also gains a BRIN index on the documents' case ids (see BRIN_FORWARD, about a second at a million), and both an
index on (council, case), 2 s at a million (a lock on writes to the documents meanwhile).
"""

import re

from django.db import migrations, models

RUN_TOGETHER = re.compile(r"[a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2}")  # as casework.search.documents, frozen here

POSTGRES_FORWARD = r"""
WITH missing AS (
  SELECT d.case_id, string_agg(DISTINCT left(m[1], -3) || ' ' || right(m[1], 3), ' ') AS extra
  FROM casework_casesearchdocument d
  CROSS JOIN LATERAL regexp_matches(d.body, '(?:^| )([a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2})(?= |$)', 'g') m
  WHERE position(' ' || left(m[1], -3) || ' ' IN ' ' || d.body || ' ') = 0
  GROUP BY d.case_id
)
UPDATE casework_casesearchdocument d SET body = d.body || ' ' || missing.extra
FROM missing WHERE d.case_id = missing.case_id
"""


def _extra_words(words):
    present, extra = set(words), []
    for word in words:
        if RUN_TOGETHER.fullmatch(word) and word[:-3] not in present:
            present.add(word[:-3])
            extra += [word[:-3], word[-3:]]
    return extra


# The newest documents' blocks, for a search of whole words to AND with its GIN bitmap range by range of case ids
# (casework.search.query.RANGES): a few pages at a million documents, built in about a second.
BRIN_FORWARD = (
    "CREATE INDEX IF NOT EXISTS casework_casesearch_case_brin ON casework_casesearchdocument "
    "USING brin (case_id) WITH (pages_per_range = 16)"
)
BRIN_BACKWARD = "DROP INDEX IF EXISTS casework_casesearch_case_brin"


def postcode_parts_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
        return
    CaseSearchDocument = apps.get_model("casework", "CaseSearchDocument")
    for document in CaseSearchDocument.objects.only("pk", "body").iterator(chunk_size=2000):
        if extra := _extra_words(document.body.split()):
            CaseSearchDocument.objects.filter(pk=document.pk).update(body=" ".join([document.body, *extra]))


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("casework", "0017_case_task_instance_label")]

    operations = [
        migrations.RunPython(postcode_parts_add, migrations.RunPython.noop),
        migrations.RunPython(_on_postgresql(BRIN_FORWARD), _on_postgresql(BRIN_BACKWARD)),
        migrations.AddIndex(
            model_name="casesearchdocument",
            index=models.Index(fields=["council", "case"], name="casesearch_council_case"),
        ),
    ]
