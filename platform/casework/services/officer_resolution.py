"""An officer resolves a case through its workflow, never around it.

"Resolve" completes the officer's open task with an outcome whose path ends in a `resolved` end step,
so viewflow records a real end (which a later reopen starts from) and the case waits for the resident's
confirmation (casework.services.resolution closes it on confirmation or after the council's window).
A workflow with no such outcome at the current step cannot be resolved early from the case page.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ..events import case_event_record
from ..exceptions import CaseworkError, NotAllowed, SubmissionInvalid
from ..models import Case, CaseStatus, CaseTask, EventKind
from ..ports import resident_channel_word, resident_message_enqueue
from .concurrency import case_lock_for_edit, case_version_bump
from .resolution import case_reopen
from .tasks import task_complete

LINEAR_STEP_TYPES = {"notify", "set_status", "set_field"}


def resolving_outcome(definition: dict, step_id: str) -> str | None:
    """The first outcome of task `step_id` that leads, through linear steps only, to a `resolved` end."""
    steps = {s["id"]: s for s in definition.get("steps", [])}
    step = steps.get(step_id, {})
    nexts = step.get("next")
    for outcome in step.get("outcomes", []):
        target = nexts.get(outcome["id"]) if isinstance(nexts, dict) else nexts
        if _ends_resolved(steps, target):
            return outcome["id"]
    return None


def _ends_resolved(steps: dict, target, seen: int = 0) -> bool:
    step = steps.get(target) if isinstance(target, str) else None
    if step is None or seen > len(steps):
        return False
    if step.get("type") == "end":
        return step.get("outcome") == "resolved"
    if step.get("type") in LINEAR_STEP_TYPES and isinstance(step.get("next"), str):
        return _ends_resolved(steps, step["next"], seen + 1)
    return False


def case_resolvable_task(user: AbstractBaseUser, case: Case, open_tasks: list[CaseTask]) -> tuple[CaseTask, str] | None:
    """The officer's own open task that can resolve the case, with the outcome to use."""
    for case_task in open_tasks:
        if case_task.task.owner_id == user.pk:
            outcome = resolving_outcome(case.workflow_version.definition, case_task.step_id)
            if outcome:
                return case_task, outcome
    return None


@transaction.atomic
def case_resolve(user: AbstractBaseUser, case: Case, *, version: int, message: str) -> Case:
    """Resolve – awaiting confirmation: tell the resident (outbox) and complete the task with its resolving outcome."""
    locked = case_lock_for_edit(user, case, version=version)
    open_tasks = list(CaseTask.objects.filter(case=locked, is_open=True).select_related("task", "team"))
    found = case_resolvable_task(user, locked, open_tasks)
    if found is None:
        raise NotAllowed(
            "Claim the case's current task first; only a task whose workflow can end resolved can be resolved here"
        )
    case_task, outcome = found
    message = message.strip()
    if message:
        with translation.override(locked.language):  # the officer's message is as written; the subject is ours
            subject = _("Your case %(reference)s has been resolved") % {"reference": locked.reference}
        delivery = resident_message_enqueue(locked, subject=subject, body=message[:5000], purpose="officer_resolve")
        if delivery is not None:
            case_version_bump(locked)
            case_event_record(
                locked,
                EventKind.MESSAGE_SENT,
                f"{resident_channel_word(delivery)} queued: {subject}",
                actor=user,
                detail={"to": "resident", "subject": subject, "body": message[:5000], "channel": delivery.kind},
                resident_visible=True,
            )
    task_complete(user, case_task, outcome=outcome)
    locked.refresh_from_db()
    if locked.case_status != CaseStatus.RESOLVED:
        raise CaseworkError("The workflow did not end resolved; nothing was changed")
    return locked


@transaction.atomic
def case_reopen_by_officer(user: AbstractBaseUser, case: Case, *, version: int, reason: str) -> Case:
    if not reason.strip():
        raise SubmissionInvalid({"reason": "Say why the case is being reopened"})
    locked = case_lock_for_edit(user, case, version=version)
    return case_reopen(locked, reason=reason, actor=user)
