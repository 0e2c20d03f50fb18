"""What compiled flow nodes do when viewflow runs them: the bridge from the engine to casework.

The case side is reached through the `workflows.ports.case_hooks` port (casework registers it), never imported.

Every hook saves only the fields it changes (update_fields), so concurrent engine steps never
overwrite each other's writes with a stale copy of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from viewflow.workflow.status import STATUS

from .business_calendar import council_calendar
from .conditions import condition_evaluate
from .ports import case_hooks
from .working_days import duration_add, duration_subtract


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
    case_hooks().case_initialise(activation.process, **kwargs)
    return activation.process


def task_created_hook(step: dict) -> Callable:
    def on_create(activation) -> None:
        case_hooks().case_task_open(activation, step=step)

    return on_create


def outcome_is(step_id: str, outcome_id: str) -> Callable:
    def condition(activation) -> bool:
        return _case(activation).outcomes.get(step_id) == outcome_id

    return condition


def condition_holds(expression: Any) -> Callable:
    def condition(activation) -> bool:
        case = _case(activation)
        return bool(
            condition_evaluate(
                expression, case_context(case), today=timezone.localdate(), region=case.council.holiday_region
            )
        )

    return condition


def status_set_hook(step: dict) -> Callable:
    def set_status(activation) -> None:
        case_hooks().case_status_change(_case(activation), step["status"], reason=step.get("title", ""))

    return set_status


def field_set_hook(step: dict) -> Callable:
    def set_field(activation) -> None:
        case = _case(activation)
        value = step["value"]
        if isinstance(value, dict) and "var" in value:
            value = _lookup(case_context(case), value["var"])
        case_hooks().case_field_set_by_workflow(case, step["field"], value, step_id=step["id"])

    return set_field


def notification_queue_hook(step: dict) -> Callable:
    def notify(activation) -> None:
        case_hooks().case_notification_queue(_case(activation), step=step)

    return notify


def timer_due(wait: dict) -> Callable:
    def due(activation) -> datetime:
        case = _case(activation)
        council = case.council
        return duration_add(timezone.now(), wait, region=council.holiday_region, calendar=council_calendar(council))

    return due


def case_end_hook(step: dict) -> Callable:
    """An end step was reached: `step` is the compiled version's own (fragments expanded)."""

    def end(activation) -> None:
        case_hooks().case_end(_case(activation), outcome=step.get("outcome", "resolved"), step=step)

    return end


def _lookup(context: dict, dotted: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# Far enough away to never fire: a reminder before a due date that does not exist.
NEVER = datetime(9999, 1, 1, tzinfo=UTC)


def _host_case_task(activation):
    """The CaseTask of the task a boundary timer is attached to (it is the timer's only previous task)."""
    host = activation.task.previous.first()
    if host is None or host.status not in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED):
        return None  # the task was cancelled or finished meanwhile: nothing to remind or escalate
    return case_hooks().case_task_of(host.pk)


def task_remind_due(step: dict) -> Callable:
    def due(activation) -> datetime:
        case_task = _host_case_task(activation)
        if case_task is None or case_task.due_at is None:
            return NEVER
        council = _case(activation).council
        return duration_subtract(
            case_task.due_at, step["remind_before"], region=council.holiday_region, calendar=council_calendar(council)
        )

    return due


def task_escalate_due(step: dict) -> Callable:
    def due(activation) -> datetime:
        council = _case(activation).council
        return duration_add(
            timezone.now(), step["escalate"]["after"], region=council.holiday_region, calendar=council_calendar(council)
        )

    return due


def task_remind_hook(step: dict) -> Callable:
    def remind(activation) -> None:
        case_task = _host_case_task(activation)
        if case_task is not None:
            case_hooks().case_task_remind(case_task, step=step)

    return remind


def task_escalate_hook(step: dict) -> Callable:
    def escalate(activation) -> None:
        case_task = _host_case_task(activation)
        if case_task is not None:
            case_hooks().case_task_escalate(case_task, step=step)

    return escalate


def wait_entered_hook(step: dict) -> Callable:
    def entered(activation) -> None:
        case_hooks().case_wait_enter(_case(activation), step=step, task_id=activation.task.pk)

    return entered


def wait_remind_hook(step: dict) -> Callable:
    def remind(activation) -> None:
        case_hooks().case_wait_remind(_case(activation), step=step)

    return remind


def wait_timeout_hook(step: dict) -> Callable:
    def timed_out(activation) -> None:
        case_hooks().case_wait_leave(_case(activation), step=step, how="timeout")

    return timed_out


def connector_call_hook(step: dict) -> Callable:
    def call(activation) -> None:
        case_hooks().connector_call_enqueue(
            _case(activation), slot=step["connector"], step_id=step["id"], reply_task_id=None
        )

    return call
