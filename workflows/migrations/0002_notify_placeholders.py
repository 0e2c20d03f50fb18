"""Notify templates moved from Django's `{{ name }}` to GOV.UK Notify's `((name))` (issue #14).

Rewrites every stored workflow definition, published ones included: a plain `{{ reference }}` or
`{{ answers.x }}` becomes `((reference))` / `((answers.x))`, which renders exactly what it did, so a
running case's emails keep their meaning. Anything else (tags, filters, unknown names) is left as
written: it is no longer executed, it is sent as literal text, and the next draft's save check names it.
Self-contained on purpose: a migration must not change when the app's code does.
"""

from __future__ import annotations

import re

from django.db import migrations

NAMES = ("reference", "service", "council", "status", "tracking_link", "site_url")
_VARIABLE = re.compile(r"\{\{\s*((?:" + "|".join(NAMES) + r")|answers\.[A-Za-z0-9_][A-Za-z0-9_.-]*)\s*\}\}")


def _convert_text(text):
    return _VARIABLE.sub(lambda m: f"(({m.group(1)}))", text) if isinstance(text, str) else text


def _convert_steps(steps):
    changed = False
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict) or step.get("type") != "notify":
            continue
        blocks = [step.get("template")] + list((step.get("translations") or {}).values())
        for block in blocks:
            for key in ("subject", "body"):
                if isinstance(block, dict) and isinstance(block.get(key), str):
                    new = _convert_text(block[key])
                    changed = changed or new != block[key]
                    block[key] = new
    return changed


def _convert_definition(definition):
    if not isinstance(definition, dict):
        return False
    changed = _convert_steps(definition.get("steps"))
    for fragment in (definition.get("fragments") or {}).values():
        if isinstance(fragment, dict):
            changed = _convert_steps(fragment.get("steps")) or changed
    return changed


def forwards(apps, schema_editor):
    WorkflowDefinition = apps.get_model("workflows", "WorkflowDefinition")
    for pk, definition in WorkflowDefinition.objects.values_list("pk", "definition").iterator():
        if _convert_definition(definition):
            # .update(): the historical model has no save() immutability rule, and this keeps each email's meaning.
            WorkflowDefinition.objects.filter(pk=pk).update(definition=definition)


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
