"""What compiled flow nodes do when viewflow runs them: the bridge from the engine to casework.

Every hook saves only the fields it changes (update_fields), so concurrent engine steps never
overwrite each other's writes with a stale copy of the case.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from django.utils import timezone

from .conditions import condition_evaluate
from .working_days import duration_add


def _case(activation):
    return activation.process


def case_context(case) -> dict[str, Any]:
    """The names conditions and templates may read."""
    return {
        "data": case.answers,
        "outcomes": case.outcomes,
        "task": case.task_answers,
        "case": {
            "channel": case.channel,
            "reference": case.reference,
            "status": case.case_status,
            "submitted": case.submitted_at.date().isoformat() if case.submitted_at else None,
        },
    }


def case_started(activation, **kwargs):
    from casework.services.submission import case_initialise

    case_initialise(activation.process, **kwargs)
    return activation.process


def task_created_hook(step: dict) -> Callable:
    def on_create(activation) -> None:
        from casework.services.tasks import case_task_open

        case_task_open(activation, step=step)

    return on_create


def outcome_is(step_id: str, outcome_id: str) -> Callable:
    def condition(activation) -> bool:
        return _case(activation).outcomes.get(step_id) == outcome_id

    return condition


def condition_holds(expression: Any) -> Callable:
    def condition(activation) -> bool:
        case = _case(activation)
        return bool(condition_evaluate(expression, case_context(case), today=timezone.localdate(), region=case.council.holiday_region))

    return condition


def status_set_hook(step: dict) -> Callable:
    def set_status(activation) -> None:
        from casework.services.status import case_status_change

        case_status_change(_case(activation), step["status"], reason=step.get("title", ""))

    return set_status


def field_set_hook(step: dict) -> Callable:
    def set_field(activation) -> None:
        from casework.services.editing import case_field_set_by_workflow

        case = _case(activation)
        value = step["value"]
        if isinstance(value, dict) and "var" in value:
            value = _lookup(case_context(case), value["var"])
        case_field_set_by_workflow(case, step["field"], value, step_id=step["id"])

    return set_field


def notification_queue_hook(step: dict) -> Callable:
    def notify(activation) -> None:
        from casework.services.notifications import case_notification_queue

        case_notification_queue(_case(activation), step=step)

    return notify


def timer_due(wait: dict) -> Callable:
    def due(activation) -> datetime:
        case = _case(activation)
        return duration_add(timezone.now(), wait, region=case.council.holiday_region)

    return due


def case_end_reached(activation, *, step_id: str, outcome: str) -> None:
    from casework.services.status import case_end

    case_end(_case(activation), outcome=outcome, step=_step(activation, step_id))


def _step(activation, step_id: str) -> dict:
    for step in activation.flow_class.definition_json["steps"]:
        if step["id"] == step_id:
            return step
    return {"id": step_id}


def _lookup(context: dict, dotted: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
