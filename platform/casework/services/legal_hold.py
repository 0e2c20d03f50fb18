"""Legal hold: a case under a claim, complaint or investigation keeps its personal data whatever its retention."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..events import case_event_record
from ..exceptions import SubmissionInvalid
from ..models import Case, EventKind

MAX_REASON = 300


@transaction.atomic
def case_legal_hold_set(user: AbstractBaseUser, case: Case, *, reason: str, hold: bool) -> Case:
    """Put the case on hold (with a reason) or lift the hold; recorded on the timeline either way."""
    reason = reason.strip()
    if hold and not reason:
        raise SubmissionInvalid({"reason": "Enter why the case is on legal hold"})
    if len(reason) > MAX_REASON:
        raise SubmissionInvalid({"reason": f"Reason must be {MAX_REASON} characters or fewer"})
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.legal_hold_reason = reason if hold else ""
    case.save(update_fields=["legal_hold_reason"])
    summary = f"Put on legal hold: {reason}" if hold else "Legal hold lifted"
    case_event_record(case, EventKind.LEGAL_HOLD_CHANGED, summary, actor=user, detail={"on_hold": hold})
    return case
