"""A resolved case waits for the resident: confirm closes it, "not resolved" reopens it, silence closes it later."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from workflows.reopen import workflow_reopen

from ..events import case_event_record
from ..exceptions import CaseworkError
from ..models import Case, CaseStatus, EventKind
from .resolution_window import case_resolution_deadline, case_resolution_window_words
from .sla_clock import case_due_on_reopen

REOPENABLE = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


class ResolutionNotPending(CaseworkError):
    """Only a resolved case awaiting confirmation can be confirmed."""


@transaction.atomic
def case_resolution_confirm(case: Case, *, satisfaction: int | None = None, comment: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.case_status != CaseStatus.RESOLVED:
        raise ResolutionNotPending("This case is not waiting for your confirmation")
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise CaseworkError("Satisfaction must be between 1 and 5")
    now = timezone.now()
    case.case_status = CaseStatus.CLOSED
    case.closed_at = now
    case.satisfaction = satisfaction
    case.satisfaction_comment = comment.strip()[:2000]
    case.version += 1
    case.save(update_fields=["case_status", "closed_at", "satisfaction", "satisfaction_comment", "version"])
    detail = {"satisfaction": satisfaction, "comment": case.satisfaction_comment}
    case_event_record(
        case,
        EventKind.RESIDENT_CONFIRMED,
        "Resident confirmed the problem is resolved",
        actor_label="Resident",
        detail=detail,
        resident_visible=True,
    )
    case_event_record(case, EventKind.CLOSED, "Closed", detail={"reason": "confirmed"}, resident_visible=True)
    return case


@transaction.atomic
def case_reopen(case: Case, *, reason: str, actor: AbstractBaseUser | None = None) -> Case:
    """Reopen a resolved or closed case: back to the workflow's `reopen_to` task, counted for reporting."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.case_status not in REOPENABLE:
        raise CaseworkError("Only a resolved or closed case can be reopened")
    if case.status == PROCESS.CANCELED:  # withdrawn, cancelled or referred: no end to carry on from
        raise CaseworkError("A withdrawn, cancelled or referred case cannot be reopened; start a new case")
    case.case_status = CaseStatus.REOPENED
    case.reopen_count += 1
    case.outcome = ""
    case.resolved_at = None
    case.closed_at = None
    case.version += 1
    case.save(update_fields=["case_status", "reopen_count", "outcome", "resolved_at", "closed_at", "version"])
    who = "Resident" if actor is None else ""
    case_event_record(
        case,
        EventKind.REOPENED,
        f"Reopened: {reason.strip()[:300]}" if reason.strip() else "Reopened",
        actor=actor,
        actor_label=who,
        detail={"reason": reason.strip()[:2000], "by_resident": actor is None},
        resident_visible=True,
    )
    case_due_on_reopen(case)  # before the reopened task takes the case's due date
    workflow_reopen(case)
    return case


def cases_close_unconfirmed(*, now=None) -> int:
    """Close resolved cases whose resident did not answer within the council's confirmation window."""
    now = now or timezone.now()
    closed = 0
    candidates = Case.objects.filter(case_status=CaseStatus.RESOLVED, resolved_at__isnull=False).select_related(
        "council"
    )
    for case in candidates.iterator():
        deadline = case_resolution_deadline(case)
        if deadline is None or deadline > now:
            continue
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if locked.case_status != CaseStatus.RESOLVED:
                continue
            locked.case_status = CaseStatus.CLOSED
            locked.closed_at = now
            locked.version += 1
            locked.save(update_fields=["case_status", "closed_at", "version"])
            case_event_record(
                locked,
                EventKind.CLOSED,
                f"Closed: no reply within {case_resolution_window_words(case)} of resolution",
                detail={"reason": "no_reply"},
                resident_visible=True,
            )
        closed += 1
    return closed
