"""connector: send the case to the back-office system bound to a connector slot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workflows import runtime
from workflows.compile_nodes import function_node
from workflows.dry_run_walk import Walk, walk_entry
from workflows.language_vocabulary import NEXT

from .base import StepType
from .registry import step_types


@step_types.register("connector")
class ConnectorStep(StepType):
    summary = "send the case to the back-office system bound to a connector slot"
    properties = {"connector": {"$ref": "#/$defs/step_id"}, "next": NEXT}
    required = ("connector", "next")

    def compile(self, step: dict) -> dict[str, Any]:
        return function_node(step, runtime.connector_call_hook(step))

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
        walk_entry(walk, step, clock, note=f'sends the case to connector slot "{step["connector"]}"')
        return step["next"], clock
