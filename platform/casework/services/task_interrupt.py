"""A task interrupted by its `cancel_on` (a timer, the resident's reply, a back-office reply, an officer action).

The engine cancels the task and routes the case to the item's `next`; here its queue row closes with the
outcome "cancelled" (so reporting counts it per step) and the timeline says why and where the case went.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from workflows.cancel_on import cancel_on_describe, cancel_on_reason
from workflows.cancel_on_events import task_cancel_on_event

from ..events import case_event_record
from ..exceptions import NotAllowed
from ..models import CaseTask, EventKind
from .tasks import _require_may_work, _require_open

INTERRUPTED_OUTCOME = "cancelled"


def case_task_interrupt(task_id: int, *, step: dict, item: dict, actor: AbstractBaseUser | None) -> None:
    """Close the queue row of viewflow task `task_id` and record one timeline entry (called before the cancel).

    An instance of a multi-instance task says which one: "Task “Assess” (2 of 3: Kitchen) cancelled: <why>".
    """
    case_task = CaseTask.objects.filter(task_id=task_id, is_open=True).select_related("case").first()
    if case_task is None:
        return
    case_task.is_open = False
    case_task.outcome = INTERRUPTED_OUTCOME
    case_task.completed_at = timezone.now()
    case_task.save(update_fields=["is_open", "outcome", "completed_at"])
    if case_task.instance_label:
        summary = instance_cancelled_summary(case_task, reason=cancel_on_reason(item))
    else:
        summary = f"“{case_task.title}” {cancel_on_describe(item)}"
    case_event_record(
        case_task.case,
        EventKind.TASK_COMPLETED,
        summary,
        actor=actor,
        actor_label="" if actor is not None else "System",
        task=case_task,
        detail={
            "step": step["id"],
            "outcome": INTERRUPTED_OUTCOME,
            "cancel_on": item.get("event") or "timer",
            "next": item["next"],
            **({"instance": case_task.instance_label} if case_task.instance_label else {}),
        },
    )


def case_task_instance_cancelled(task_id: int, *, reason: str) -> None:
    """An instance the completion rule no longer needs ("any", "at least k"): its row closes with one entry.

    Its outcome stays empty (it was not done, nor interrupted by the designer's `cancel_on`), so reporting
    counts only the instances officers finished.
    """
    case_task = CaseTask.objects.filter(task_id=task_id, is_open=True).select_related("case").first()
    if case_task is None:
        return
    case_task.is_open = False
    case_task.save(update_fields=["is_open"])
    case_event_record(
        case_task.case,
        EventKind.TASK_COMPLETED,
        instance_cancelled_summary(case_task, reason=reason),
        actor_label="System",
        task=case_task,
        detail={"step": case_task.step_id, "outcome": "", "instance": case_task.instance_label, "enough": True},
    )


def instance_cancelled_summary(case_task: CaseTask, *, reason: str) -> str:
    """The officer's words for a cancelled instance: "Task “Assess” (2 of 3: Kitchen) cancelled: <why>"."""
    return f"Task “{case_task.title}” ({case_task.instance_label}) cancelled: {reason}"


def task_officer_action(user: AbstractBaseUser, case_task: CaseTask, *, index: int) -> list[str]:
    """An officer presses a task's `cancel_on` officer_action button: the task ends and the case goes on."""
    _require_may_work(user, case_task)
    case_task.refresh_from_db()
    case_task.task.refresh_from_db()
    _require_open(case_task, case_task.task)
    interrupted = task_cancel_on_event(
        case_task.case, event="officer_action", actor=user, task_id=case_task.task_id, index=index
    )
    if not interrupted:
        raise NotAllowed("This task has no such action, or it has already ended")
    return interrupted
