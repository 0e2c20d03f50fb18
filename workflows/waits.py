"""Resuming a workflow that waits for the resident or for a back office.

Called from outside the engine (the portal's "add information", a connector reply or dead letter);
each resume runs under the case's flow lock and re-reads the wait, so a wait is left exactly once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .engine_adapter import TimeoutTimer, Wait
from .ports import case_hooks
from .registry import definition_step, flow_class_for

REPLY_OUTCOMES = ("replied", "failed", "timeout")


def _wait_step(task: Task) -> dict:
    return definition_step(task.flow_task.flow_class, task.flow_task.name) or {"id": task.flow_task.name, "type": ""}


def _open_waits(case, step_type: str) -> list[Task]:
    tasks = Task.objects.filter(process_id=case.pk, status=STATUS.NEW, flow_task_type="FUNCTION").order_by("pk")
    return [t for t in tasks if isinstance(t.flow_task, Wait) and _wait_step(t).get("type") == step_type]


def _resume(task: Task, step: dict, *, how: str) -> None:
    """Leave the wait along `next` (the caller holds the flow lock)."""
    activation = task.flow_task.activation_class(task)
    activation.run(lambda act: case_hooks().case_wait_leave(act.process, step=step, how=how))
    activation.execute()


def customer_wait_resume(case) -> bool:
    """The resident added information: every wait_for_customer the case is in moves to its `next`.

    Returns False when the case was not waiting for the resident (the information is still kept by the caller).
    """
    flow_class = flow_class_for(case.workflow_version_id)
    resumed = False
    with transaction.atomic(), flow_class.lock(case.pk):
        for task in _open_waits(case, "wait_for_customer"):
            task.refresh_from_db()
            if task.status != STATUS.NEW:
                continue
            _resume(task, _wait_step(task), how="replied")
            resumed = True
    return resumed


def reply_wait_resume(case, *, task_id: int, outcome: str, data: dict[str, Any]) -> bool:
    """A back office answered (`replied` -> `next`) or could not be reached (`failed`/`timeout` -> `timeout.next`).

    The reply `data` is already stored by the connector (case.task_answers["_connectors"]); a wait with no
    timeout path stays waiting on failure, for an officer to act. Returns whether the workflow moved.
    """
    if outcome not in REPLY_OUTCOMES:
        raise ValueError(f'unknown reply outcome "{outcome}" (outcomes: {", ".join(REPLY_OUTCOMES)})')
    task = Task.objects.filter(pk=task_id, process_id=case.pk).first()
    if task is None or not isinstance(task.flow_task, Wait):
        return False
    with transaction.atomic(), task.flow_task.flow_class.lock(case.pk):
        task.refresh_from_db()
        if task.status != STATUS.NEW:
            return False  # already resumed or timed out: a late or repeated reply changes nothing
        step = _wait_step(task)
        if outcome == "replied":
            _resume(task, step, how="replied")
            return True
        timeout = Task.objects.filter(previous=task, flow_task_type="TIMER", status=STATUS.SCHEDULED)
        timeout = next((t for t in timeout if isinstance(t.flow_task, TimeoutTimer)), None)
        if timeout is None:
            return False
        case_hooks().case_wait_leave(
            case, step=step, how=outcome
        )  # says why; the timeout's own note then has nothing to add
        activation = timeout.flow_task.activation_class(timeout)
        activation.start()
        activation.execute()
        return True
