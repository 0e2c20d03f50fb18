"""Case status changes and ends; each one is a timeline event."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from councilflow.wording import translation_of
from workflows.registry import definition_step, flow_class_for

from ..events import case_event_record
from ..models import Case, CaseStatus, EventKind

END_OUTCOME_LABELS = {
    "resolved": "Resolved",
    "refused": "Refused",
    "withdrawn": "Withdrawn",
    "duplicate": "Closed as a duplicate",
    "referred": "Referred to another organisation",
    "no_action": "Closed – no further action",
}

RESIDENT_VISIBLE_STATUSES = {
    CaseStatus.WAITING_ON_CUSTOMER,
    CaseStatus.RESOLVED,
    CaseStatus.CLOSED,
    CaseStatus.REOPENED,
    CaseStatus.IN_PROGRESS,
}


def case_status_change(case: Case, status: str, *, actor: AbstractBaseUser | None = None, reason: str = "") -> None:
    if case.case_status == status:
        return
    before = case.case_status
    case.case_status = status
    case.version += 1
    case.save(update_fields=["case_status", "version"])
    label = CaseStatus(status).label
    case_event_record(
        case,
        EventKind.STATUS_CHANGED,
        f"Status: {label}",
        actor=actor,
        detail={"before": before, "after": status, "reason": reason},
        resident_visible=status in RESIDENT_VISIBLE_STATUSES,
    )


def case_end(case: Case, *, outcome: str, step: dict) -> None:
    """The workflow reached an end step: resolved cases await the resident's confirmation, others close."""
    now = timezone.now()
    case.outcome = outcome
    last_task = _last_task_outcome(case)
    last_outcome = last_task.get("outcome_label", "")
    # The resident reads the message on the tracking page: in Welsh when they applied in Welsh and it was written.
    message = translation_of(step, case.language).get("resident_message") or step.get("resident_message") or ""
    summary = END_OUTCOME_LABELS.get(outcome, outcome.replace("_", " ").capitalize())
    if last_outcome:
        summary = f"{summary}: {last_outcome}"
    if outcome == "resolved":
        case.case_status = CaseStatus.RESOLVED
        case.resolved_at = now
        kind = EventKind.RESOLVED
    else:
        case.case_status = CaseStatus.CLOSED
        case.closed_at = now
        kind = EventKind.CLOSED
    case.version += 1
    case.save(update_fields=["outcome", "case_status", "resolved_at", "closed_at", "version"])
    case_event_record(
        case,
        kind,
        summary,
        detail={
            "outcome": outcome,
            "step": step.get("id"),
            "message": message,
            "last_outcome": last_outcome,
            "resident_outcome": _resident_outcome_label(case, last_task),
        },
        resident_visible=True,
    )


def _last_task_outcome(case: Case) -> dict:
    """The detail of the case's last completed task: its step, outcome id and the officers' outcome label."""
    event = (
        case.events.filter(kind=EventKind.TASK_COMPLETED)
        .order_by("-at", "-pk")
        .values_list("detail", flat=True)
        .first()
    )
    return event or {}


def _resident_outcome_label(case: Case, last_task: dict) -> str:
    """The outcome's `resident_label` (Welsh when the resident applied in Welsh and it was written), else ""."""
    step = definition_step(flow_class_for(case.workflow_version_id), last_task.get("step")) or {}
    chosen = next((o for o in step.get("outcomes", []) if o["id"] == last_task.get("outcome")), {})
    return translation_of(chosen, case.language).get("resident_label") or chosen.get("resident_label", "")
