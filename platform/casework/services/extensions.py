"""Extending a case's due date: an officer action limited by the workflow's `extensions` rule.

`extensions: {"max_working_days": 10, "max_count": 2}` allows at most 10 working days in total over at most
2 extensions (no rule: no extensions). Each one is a timeline event and counted on the case for reporting.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from workflows.business_calendar import council_calendar
from workflows.registry import flow_class_for

from ..events import case_event_record
from ..exceptions import CaseworkError, SubmissionInvalid
from ..models import Case, CaseEvent, CaseStatus, EventKind
from .concurrency import case_lock_for_edit, case_version_bump

MAX_REASON = 2000


def case_extension_rule(case: Case) -> dict | None:
    """The workflow's `extensions` rule for this case's version, or None when it allows none."""
    return flow_class_for(case.workflow_version_id).definition_json.get("extensions")


def case_extension_room(case: Case) -> int:
    """How many more working days this case's due date may still be extended by (0: none)."""
    rule = case_extension_rule(case)
    if not rule or case.due_at is None or case.case_status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        return 0
    if case.extension_count >= rule.get("max_count", 1_000_000):
        return 0
    return max(rule["max_working_days"] - case.extended_working_days, 0)


@transaction.atomic
def case_due_extend(
    user: AbstractBaseUser, case: Case, *, working_days: int | str, reason: str, version: int
) -> CaseEvent:
    """Move the case's due date on by `working_days` of the council's calendar, with the officer's reason."""
    reason = (reason or "").strip()
    case = case_lock_for_edit(user, case, version=version)
    rule = case_extension_rule(case)
    if not rule:
        raise CaseworkError("This service's workflow does not allow extensions")
    if case.due_at is None:
        raise CaseworkError("This case has no due date to extend")
    room = case_extension_room(case)
    errors = {}
    try:
        days = int(working_days)
    except (TypeError, ValueError):
        days = 0
    if room == 0:
        errors["extend_days"] = "No more extensions are allowed for this case"
    elif not 1 <= days <= room:
        errors["extend_days"] = f"Enter a whole number of working days from 1 to {room}"
    if not reason:
        errors["extend_reason"] = "Enter the reason for the extension"
    if errors:
        raise SubmissionInvalid(errors)
    before = case.due_at
    case.due_at = council_calendar(case.council).working_days_add(before, days)
    case.extension_count += 1
    case.extended_working_days += days
    fields = ["due_at", "extension_count", "extended_working_days"]
    if case.sla_breached_at is not None and case.due_at > timezone.now():
        case.sla_breached_at = None  # late no longer: a later breach is recorded afresh
        fields.append("sla_breached_at")
    case_version_bump(case, *fields)
    return case_event_record(
        case,
        EventKind.DUE_EXTENDED,
        f"Due date extended by {days} working day{'' if days == 1 else 's'} to "
        f"{timezone.localtime(case.due_at):%-d %B %Y}: {reason[:200]}",
        actor=user,
        detail={
            "working_days": days,
            "reason": reason[:MAX_REASON],
            "due_before": before.isoformat(),
            "due_after": case.due_at.isoformat(),
            "extension": case.extension_count,
        },
    )
