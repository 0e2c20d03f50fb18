"""Case side of workflow waits: the status a wait puts the case in, its reminder, and leaving the wait."""

from __future__ import annotations

from workflows.working_days import duration_describe

from ..models import Case, CaseStatus
from ..ports import connector_call_enqueue
from .notifications import case_notification_queue
from .sla_clock import case_clock_restart, case_clock_stop, step_stops_clock
from .status import case_status_change

WAIT_STATUSES = {
    "wait_for_customer": CaseStatus.WAITING_ON_CUSTOMER,
    "wait_for_reply": CaseStatus.WAITING_ON_BACK_OFFICE,
}

REMINDER_TEMPLATE = {
    "subject": "Reminder: we need more information about ((reference))",
    "body": (
        "We are still waiting for the information we asked you for about your ((service)) case "
        "(((reference))). Please add it here: ((tracking_link))"
    ),
}


def case_wait_enter(case: Case, *, step: dict, task_id: int) -> None:
    """The workflow reached a wait: show the case as waiting; a back-office wait also sends its request."""
    case_status_change(case, WAIT_STATUSES[step["type"]], reason=step.get("title", step["id"]))
    if step_stops_clock(step):
        case_clock_stop(case, step=step)
    if step["type"] == "wait_for_reply":
        connector_call_enqueue(case, slot=step["connector"], step_id=step["id"], reply_task_id=task_id)


def case_wait_remind(case: Case, *, step: dict) -> None:
    """`reminder_after` fired while the resident has still not replied: one email through the outbox."""
    case_notification_queue(
        case, step={"id": f"{step['id']}_reminder", "to": "resident", "template": REMINDER_TEMPLATE}
    )


def case_wait_leave(case: Case, *, step: dict, how: str) -> None:
    """The wait ended (reply, failure or timeout): the case is back with the council."""
    reasons = {
        "replied": "The resident added information"
        if step["type"] == "wait_for_customer"
        else "The back office replied",
        "failed": "The back-office request failed",
    }
    reason = reasons.get(how) or f"No reply within {duration_describe(step['timeout']['after'])}"
    case_status_change(case, CaseStatus.IN_PROGRESS, reason=reason)
    if step_stops_clock(step):
        case_clock_restart(case, step=step)
