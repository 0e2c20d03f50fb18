"""A case ends early: the resident withdraws it from the tracking page, or an officer cancels it with a reason.

Every open branch ends at once: the queue rows close with the outcome, the engine cancels every task,
wait, join and timer of the case and marks its process cancelled (engine_adapter.process_cancel), and the
timeline gets exactly one end event (CLOSED, detail.outcome "withdrawn" or "cancelled"). What residents
may do is the workflow's `withdrawal` block (docs/workflow-language.md, "Withdrawal and cancelling").
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from councilflow.wording import translation_of
from workflows.engine_adapter import process_cancel
from workflows.registry import flow_class_for

from ..events import case_event_record
from ..exceptions import CaseworkError, SubmissionInvalid
from ..models import Case, CaseStatus, CaseTask, EventKind
from .concurrency import case_lock_for_edit

WITHDRAWN = "withdrawn"
CANCELLED = "cancelled"
FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
MAX_REASON = 2000


class WithdrawalRefused(CaseworkError):
    """The resident may not withdraw this case now; `why` is one of WITHDRAWAL_REFUSALS (the portal words it)."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(f"withdrawal refused: {why}")


WITHDRAWAL_REFUSALS = ("finished", "not_allowed", "too_late")


def case_withdrawal_rule(case: Case) -> dict:
    """The workflow version's `withdrawal` block ({} when it has none: residents may withdraw until it ends)."""
    return dict(case.workflow_version.definition.get("withdrawal") or {})


def case_withdrawal_refusal(case: Case) -> str:
    """Why the resident may not withdraw `case` now ("" when they may): finished, not_allowed or too_late."""
    if case.case_status in FINISHED:
        return "finished"
    rule = case_withdrawal_rule(case)
    if rule.get("resident") is False:
        return "not_allowed"
    before = rule.get("before_status")
    if before and (
        case.case_status == before or case.events.filter(kind=EventKind.STATUS_CHANGED, detail__after=before).exists()
    ):
        return "too_late"
    return ""


@transaction.atomic
def case_withdraw(case: Case, *, reason: str = "") -> Case:
    """The resident withdraws their request (tracking page): allowed by the workflow's `withdrawal` rule."""
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise SubmissionInvalid({"reason": f"at most {MAX_REASON} characters"})
    flow_class = flow_class_for(case.workflow_version_id)
    with flow_class.lock(case.pk):
        locked = Case.objects.select_related("workflow_version").get(pk=case.pk)
        why = case_withdrawal_refusal(locked)
        if why:
            raise WithdrawalRefused(why)
        rule = case_withdrawal_rule(locked)
        message = translation_of(rule, locked.language).get("resident_message") or rule.get("resident_message", "")
        _case_end_early(
            locked,
            outcome=WITHDRAWN,
            summary="Withdrawn by the resident" + (f": {reason[:300]}" if reason else ""),
            detail={"by": "resident", "reason": reason, "message": message},
            actor=None,
            actor_label="Resident",
        )
    return locked


@transaction.atomic
def case_cancel(user: AbstractBaseUser, case: Case, *, version: int, reason: str) -> Case:
    """An officer cancels the case with a reason (case page): every open task and wait ends, the case closes."""
    reason = reason.strip()
    if not reason:
        raise SubmissionInvalid({"cancel_reason": "Say why the case is being cancelled"})
    if len(reason) > MAX_REASON:
        raise SubmissionInvalid({"cancel_reason": f"The reason must be {MAX_REASON} characters or fewer"})
    flow_class = flow_class_for(case.workflow_version_id)
    with flow_class.lock(case.pk):
        locked = case_lock_for_edit(user, case, version=version)
        if locked.case_status in FINISHED:
            raise CaseworkError("The case has already ended; reopen it first")
        _case_end_early(
            locked,
            outcome=CANCELLED,
            summary=f"Cancelled: {reason[:300]}",
            # The reason is the officers'; the resident reads only that the case was cancelled.
            detail={"by": "officer", "reason": reason, "message": ""},
            actor=user,
            actor_label="",
        )
    return locked


def _case_end_early(
    case: Case, *, outcome: str, summary: str, detail: dict, actor: AbstractBaseUser | None, actor_label: str
) -> None:
    """Close the queue rows (with the outcome, for reporting), cancel the engine, close the case, one event."""
    now = timezone.now()
    # Our rows first: once an engine task is cancelled, casework's signal closes its row without an outcome.
    open_rows = list(CaseTask.objects.filter(case=case, is_open=True))
    for row in open_rows:
        row.is_open = False
        row.outcome = outcome
        row.completed_at = now
        row.save(update_fields=["is_open", "outcome", "completed_at"])
    cancelled = process_cancel(case)
    case.case_status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_at = now
    case.version += 1
    case.save(update_fields=["case_status", "outcome", "closed_at", "version"])
    case_event_record(
        case,
        EventKind.CLOSED,
        summary,
        actor=actor,
        actor_label=actor_label,
        detail={
            "outcome": outcome,
            **detail,
            "open_tasks": [row.step_id for row in open_rows],
            "engine_tasks_cancelled": cancelled,
        },
        resident_visible=True,
    )
