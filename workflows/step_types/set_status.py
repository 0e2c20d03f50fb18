"""set_status: change the case's status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workflows import runtime
from workflows.compile_nodes import function_node
from workflows.dry_run_walk import Walk, walk_entry
from workflows.language_vocabulary import CASE_STATUSES, NEXT

from .base import StepType
from .registry import step_types


@step_types.register("set_status")
class SetStatusStep(StepType):
    summary = "change the case's status"
    properties = {"status": {"enum": list(CASE_STATUSES)}, "next": NEXT}
    required = ("status", "next")

    def compile(self, step: dict) -> dict[str, Any]:
        return function_node(step, runtime.status_set_hook(step))

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
        walk_entry(walk, step, clock, note=f"status becomes {step['status']}")
        return step["next"], clock
