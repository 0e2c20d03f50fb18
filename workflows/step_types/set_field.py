"""set_field: change an answer on the case to a value or an expression."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workflows import runtime
from workflows.compile_nodes import function_node
from workflows.conditions import expression_value
from workflows.dry_run_walk import Walk, walk_entry
from workflows.language_vocabulary import FIELD_PATTERN, NEXT

from .base import StepType
from .registry import step_types


@step_types.register("set_field")
class SetFieldStep(StepType):
    summary = "change an answer on the case to a value or an expression"
    properties = {"field": {"type": "string", "pattern": FIELD_PATTERN}, "value": {}, "next": NEXT}
    required = ("field", "value", "next")

    def compile(self, step: dict) -> dict[str, Any]:
        return function_node(step, runtime.field_set_hook(step))

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
        value = expression_value(step["value"], walk.context(), today=clock.date(), region=walk.region)
        *parents, name = step["field"].split(".")
        target = walk.answers
        for part in parents:
            target = target.setdefault(part, {})
        target[name] = value
        walk_entry(walk, step, clock, note=f"data.{step['field']} = {value!r}")
        return step["next"], clock
