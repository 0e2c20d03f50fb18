"""Compile a task step with `multiple` (workflows/multi_instance.py) into its viewflow nodes.

`<step>` fans out, `<step>__each` is the officer task (hooks, timers and form as any task), and the instances
meet at `<step>__done` (parallel) or pass through `<step>__more` (sequential) before the step's `next`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from viewflow import this
from viewflow.workflow import flow

from . import runtime
from .compile_nodes import node_next, node_title, timers_attach
from .engine_adapter import InstancesFanOut, InstancesJoin, InstancesNext, instances_enough, officer_task_view
from .multi_instance import (
    instance_data,
    instances_enough_reason,
    instances_items,
    instances_needed,
    multiple_describe,
)
from .ports import case_hooks


def _left_over(multiple: dict) -> Callable[[Any], None]:
    """Records an instance the completion rule cancels once enough others are done."""

    def record(task: Any) -> None:
        total = (task.data or {}).get("instance", {}).get("of", 0)
        case_hooks().case_task_instance_cancelled(task.pk, reason=instances_enough_reason(multiple, total))

    return record


def each_node_name(step_id: str) -> str:
    return f"{step_id}__each"


def multi_instance_compile(step: dict) -> dict[str, Any]:
    """The fan-out, the instance task and the join (or sequential step-on) of one multi-instance task."""
    multiple = step["multiple"]
    step_id, each = step["id"], each_node_name(step["id"])
    after = f"{step_id}__more" if multiple.get("order") == "sequential" else f"{step_id}__done"
    instance = flow.View(officer_task_view).onCreate(runtime.task_created_hook(step))
    instance.task_title = node_title(step)
    instance.task_description = step.get("description", "")
    timers_attach(instance, step)

    def items(activation: Any) -> list:
        return instances_items(multiple, runtime.case_context(activation.process))

    def data(items: list, index: int) -> dict:
        return instance_data(multiple, items, index)

    def needed(total: int) -> int:
        return instances_needed(multiple, total)

    sequential = multiple.get("order") == "sequential"
    fan_out = InstancesFanOut(
        items=items,
        instance_data=data,
        sequential=sequential,
        instance=getattr(this, each),
        after=getattr(this, step["next"]),
        gate=getattr(this, after),
    )
    fan_out.task_title = f"{node_title(step)}: {multiple_describe(multiple)}"
    if sequential:
        gate: Any = InstancesNext(
            instance_data=data, needed=needed, instance=getattr(this, each), after=getattr(this, step["next"])
        )
        gate.task_title = f"Next of {node_title(step)}"
    else:
        complete = multiple.get("complete", "all")
        if complete == "all":
            gate = flow.Join()
        else:
            gate = InstancesJoin(continue_on_condition=instances_enough(needed), on_cancel=_left_over(multiple))
        gate.task_title = f"{node_title(step)} done"
        gate = node_next(gate, step["next"])
    return {step_id: fan_out, each: node_next(instance, after), after: gate}
