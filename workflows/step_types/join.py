"""join: where a split's branches meet; "all" waits for every branch, "first" goes on with the first (cancelling the
others), "first_others_finish" goes on with the first and lets the others finish."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from viewflow.workflow import flow

from workflows.compile_nodes import node_next, node_title
from workflows.dry_run_walk import Walk, walk_entry
from workflows.engine_adapter import FirstArrivalJoin
from workflows.language_vocabulary import JOIN_MODES, NEXT

from .base import StepType
from .registry import step_types


@step_types.register("join")
class JoinStep(StepType):
    summary = (
        'where a split\'s branches meet: mode "all" (default) waits for every branch, "first" goes on with the first '
        'and cancels the others, "first_others_finish" goes on with the first and lets the others finish'
    )
    properties = {"mode": {"enum": list(JOIN_MODES)}, "next": NEXT}
    required = ("next",)

    def compile(self, step: dict) -> dict[str, Any]:
        mode = step.get("mode", "all")
        if mode == "first":
            node = flow.Join(continue_on_condition=lambda activation, active_tasks: True)
        elif mode == "first_others_finish":
            node = FirstArrivalJoin()
        else:
            node = flow.Join()
        node.task_title = node_title(step)
        return {step["id"]: node_next(node, step["next"])}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
        """Only a join outside a split gets here: the split's own walk handles its join."""
        walk_entry(walk, step, clock, note="reached outside a split")
        return step["next"], clock
