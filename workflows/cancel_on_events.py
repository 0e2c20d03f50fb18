"""Events that interrupt a task with `cancel_on` (resident reply, back-office reply, officer action).

Called from outside the engine (casework's "add information", connectors' replies, the officer's button),
under the case's flow lock, so each open task is interrupted at most once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .cancel_on import cancel_on_recorder
from .engine_adapter import task_interrupt
from .language_vocabulary import CANCEL_ON_EVENTS
from .registry import definition_step, flow_class_for


def task_cancel_on_event(
    case: Any,
    *,
    event: str,
    actor: Any = None,
    task_id: int | None = None,
    index: int | None = None,
    connector: str = "",
) -> list[str]:
    """An event reached the case: every open task whose `cancel_on` names it is cancelled and routed on.

    `task_id`/`index` pick one task and one officer action (the officer's button); `connector` is the slot a
    back-office reply came from (an item naming another connector does not listen). An instance of a
    multi-instance task is interrupted with its whole set, once. Returns the steps interrupted.
    """
    if event not in CANCEL_ON_EVENTS:
        raise ValueError(f'unknown cancel_on event "{event}" (events: {", ".join(CANCEL_ON_EVENTS)})')
    flow_class = flow_class_for(case.workflow_version_id)
    interrupted = []
    with transaction.atomic(), flow_class.lock(case.pk):
        tasks = Task.objects.filter(
            process_id=case.pk, flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
        ).order_by("pk")
        if task_id is not None:
            tasks = tasks.filter(pk=task_id)
        for task in tasks:
            task.refresh_from_db(fields=["status"])  # an instance's set may have gone with an earlier one
            if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
                continue
            # An instance runs as `<step>__each`; step ids never contain `__`.
            step = definition_step(flow_class, task.flow_task.name.split("__")[0]) or {}
            item = _matching_item(step, event, index, connector)
            if item is None:
                continue
            task_interrupt(
                task,
                next_node=flow_class.instance.node(item["next"], no_obsolete=True),
                on_cancel=cancel_on_recorder(step, item, actor=actor),
            )
            interrupted.append(step["id"])
    return interrupted


def _matching_item(step: dict, event: str, index: int | None, connector: str) -> dict | None:
    for position, item in enumerate(step.get("cancel_on", [])):
        if item.get("event") != event or (index is not None and index != position):
            continue
        if item.get("connector") and item["connector"] != connector:
            continue
        return item
    return None
