"""Officer workspace at scale: CaseTask.owner (viewflow's Task.owner copied by triggers) and the queue indexes
that use it, and the index behind search's exact-reference-first ranking.

Triggers (not the service layer) keep the copy, so every writer of viewflow_task — activations, escalation,
a bulk update — is covered. SQLite drops a table's triggers when it rebuilds the table: a later migration
that remakes casework_casetask or viewflow_task there must create them again (see _TRIGGERS).
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Lower, Replace
import django.db.models.deletion

BACKFILL = (
    "UPDATE casework_casetask SET owner_id = "
    "(SELECT owner_id FROM viewflow_task WHERE viewflow_task.id = casework_casetask.task_id)"
)
POSTGRES_FORWARD = [
    BACKFILL,
    """CREATE FUNCTION casework_casetask_owner_copy() RETURNS trigger AS $$
    BEGIN
        NEW.owner_id := (SELECT owner_id FROM viewflow_task WHERE id = NEW.task_id);
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER casework_casetask_owner_copy BEFORE INSERT OR UPDATE ON casework_casetask "
    "FOR EACH ROW EXECUTE FUNCTION casework_casetask_owner_copy()",
    """CREATE FUNCTION casework_task_owner_push() RETURNS trigger AS $$
    BEGIN
        UPDATE casework_casetask SET owner_id = NEW.owner_id WHERE task_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER casework_task_owner_push AFTER UPDATE OF owner_id ON viewflow_task "
    "FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id) EXECUTE FUNCTION casework_task_owner_push()",
    # A team (and mostly an officer) belongs to one council: without these the planner multiplies the
    # selectivities of team and council as if independent, underestimates queue sizes and sorts instead
    # of walking the queue indexes.
    "CREATE STATISTICS casework_casetask_team_council (dependencies) ON team_id, council_id FROM casework_casetask",
    "CREATE STATISTICS casework_casetask_owner_council (dependencies) ON owner_id, council_id FROM casework_casetask",
]
POSTGRES_BACKWARD = [
    "DROP STATISTICS IF EXISTS casework_casetask_owner_council",
    "DROP STATISTICS IF EXISTS casework_casetask_team_council",
    "DROP TRIGGER IF EXISTS casework_task_owner_push ON viewflow_task",
    "DROP FUNCTION IF EXISTS casework_task_owner_push()",
    "DROP TRIGGER IF EXISTS casework_casetask_owner_copy ON casework_casetask",
    "DROP FUNCTION IF EXISTS casework_casetask_owner_copy()",
]
_OWNER_OF_NEW = "(SELECT owner_id FROM viewflow_task WHERE id = NEW.task_id)"
SQLITE_FORWARD = [
    BACKFILL,
    f"CREATE TRIGGER casework_casetask_owner_ai AFTER INSERT ON casework_casetask WHEN NEW.owner_id IS NOT {_OWNER_OF_NEW} "
    f"BEGIN UPDATE casework_casetask SET owner_id = {_OWNER_OF_NEW} WHERE task_id = NEW.task_id; END",
    f"CREATE TRIGGER casework_casetask_owner_au AFTER UPDATE ON casework_casetask WHEN NEW.owner_id IS NOT {_OWNER_OF_NEW} "
    f"BEGIN UPDATE casework_casetask SET owner_id = {_OWNER_OF_NEW} WHERE task_id = NEW.task_id; END",
    "CREATE TRIGGER casework_task_owner_au AFTER UPDATE OF owner_id ON viewflow_task WHEN NEW.owner_id IS NOT OLD.owner_id "
    "BEGIN UPDATE casework_casetask SET owner_id = NEW.owner_id WHERE task_id = NEW.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS casework_task_owner_au",
    "DROP TRIGGER IF EXISTS casework_casetask_owner_au",
    "DROP TRIGGER IF EXISTS casework_casetask_owner_ai",
]
_TRIGGERS = {"postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD), "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD)}


def _forward(apps, schema_editor):
    for sql in _TRIGGERS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(sql)


def _backward(apps, schema_editor):
    for sql in _TRIGGERS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0005_reporting_indexes"),
        ("viewflow", "0015_task_scheduled"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="casetask",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who holds the task (viewflow Task.owner, copied by trigger).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(_forward, _backward),
        migrations.RemoveIndex(model_name="casetask", name="casetask_queue_keyset"),
        migrations.AddIndex(
            model_name="casetask",
            index=models.Index(
                fields=["team", "is_open", "due_at", "task"], include=("council",), name="casetask_queue_keyset"
            ),
        ),
        migrations.AddIndex(
            model_name="casetask",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["owner", "due_at", "task"],
                include=("council",),
                name="casetask_owner_open",
            ),
        ),
        migrations.AddIndex(
            model_name="casetask",
            index=models.Index(
                condition=models.Q(("is_open", True), ("owner__isnull", True)),
                fields=["team", "due_at", "task"],
                include=("council",),
                name="casetask_unclaimed",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                Lower(Replace("reference", models.Value("-"), models.Value(""))), name="case_reference_key"
            ),
        ),
    ]
