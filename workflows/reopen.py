"""Reopening a finished case: viewflow has no "reopen", so a new task is created after the End task.

The case's process goes back to NEW and the `reopen_to` task step is created exactly as if the end
step had led to it, so routing, assignment and timeline entries work as for any other task.
"""

from __future__ import annotations

from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS

from .engine_adapter import task_create_after
from .registry import flow_class_for


class CannotReopen(Exception):
    pass


def workflow_reopen_step(definition: dict) -> str:
    """The step a reopened case returns to: `reopen_to`, else the first task step."""
    if definition.get("reopen_to"):
        return definition["reopen_to"]
    for step in definition.get("steps", []):
        if step.get("type") == "task":
            return step["id"]
    raise CannotReopen("this workflow has no task step to reopen to")


def workflow_reopen(case) -> None:
    """Create the reopen task for a case whose workflow has ended; call inside the caller's transaction."""
    flow_class = flow_class_for(case.workflow_version_id)
    step_id = workflow_reopen_step(flow_class.definition_json)
    with flow_class.lock(case.pk):
        end_task = Task.objects.filter(process_id=case.pk, flow_task_type="END").order_by("-pk").first()
        if end_task is None:
            raise CannotReopen("the case's workflow has not ended")
        previous = end_task.flow_task.activation_class(end_task)
        process = previous.process
        process.status = PROCESS.NEW
        process.finished = None
        process.save(update_fields=["status", "finished"])
        node = flow_class.instance.node(step_id, no_obsolete=True)
        task_create_after(node, previous, end_task.token)
