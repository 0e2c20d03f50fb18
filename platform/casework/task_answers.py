"""The answers officers gave on task forms, as the case page shows them."""

from __future__ import annotations

from workflows.registry import definition_step, flow_class_for
from workflows.task_forms import task_answers_display

from .models import Case


def case_task_answers_display(case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    """(task title, [(question label, readable answer)]) for each task whose form was answered, in step order."""
    if not case.task_answers or not case.workflow_version_id:
        return []
    flow_class = flow_class_for(case.workflow_version_id)
    shown = []
    for step_id, answers in case.task_answers.items():
        step = definition_step(flow_class, step_id) or {}
        shown.append((step.get("title", step_id), task_answers_display(step, answers)))
    return shown
