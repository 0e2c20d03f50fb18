"""What the officer's task page shows beside the outcome choice: the case as far as the decision needs it."""

from __future__ import annotations

from form_definitions.fields import answer_display, form_fields
from workflows.cancel_on import officer_actions
from workflows.multi_instance import instance_item_rows
from workflows.task_forms import task_form_fields

from . import selectors
from .models import CaseTask

LATEST_EVENTS = 5


def task_page_context(case_task: CaseTask, step: dict, *, answers: dict, errors: dict) -> dict:
    """The task, its form (with what was typed and its errors) and the case's answers, customer, files and latest events."""
    case = case_task.case
    fields = form_fields(case.form_version.schema, case.form_version.ui_schema)
    instance = (case_task.task.data or {}).get("instance") if case_task.instance_label else None
    return {
        "case_task": case_task,
        "case": case,
        "step": step,
        "task_fields": task_form_fields(step),
        # One of a multi-instance task's tasks: the item it is about, with the list's labels.
        "instance": instance
        and {
            "label": instance.get("label", ""),
            "rows": instance_item_rows(step, instance.get("item"), form_schema=case.form_version.schema),
        },
        "officer_actions": officer_actions(step),
        "task_answers": answers,
        "errors": errors,
        "case_answers": [(f.label, answer_display(f, case.answers[f.name])) for f in fields if f.name in case.answers],
        "attachments": list(case.attachments.all()),
        "latest_events": list(selectors.case_timeline(case)[:LATEST_EVENTS]),
    }
