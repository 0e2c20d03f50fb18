"""CaseTask.instance_label: which item a multi-instance task's task is about (workflows/multi_instance.py).

SQLite adds a NOT NULL column by rebuilding casework_casetask, which drops its owner-copy triggers and trips
over the one on viewflow_task (0006's warning): there the triggers are dropped first and made again after.
"""

from importlib import import_module

from django.db import migrations, models

_OWNER_TRIGGERS = import_module("casework.migrations.0006_officer_queues_search")


def _sqlite_triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _OWNER_TRIGGERS.SQLITE_BACKWARD:
            schema_editor.execute(sql)


def _sqlite_triggers_create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in _OWNER_TRIGGERS.SQLITE_FORWARD:
            if sql != _OWNER_TRIGGERS.BACKFILL:
                schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0016_event_kinds_message_receipts"),
    ]

    operations = [
        migrations.RunPython(_sqlite_triggers_drop, _sqlite_triggers_create),
        migrations.AddField(
            model_name="casetask",
            name="instance_label",
            field=models.CharField(
                blank=True, help_text="One of a multi-instance task's tasks: the item it is about.", max_length=200
            ),
        ),
        migrations.RunPython(_sqlite_triggers_create, _sqlite_triggers_drop),
    ]
