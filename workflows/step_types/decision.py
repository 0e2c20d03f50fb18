"""decision: choose a path from the case's data (the first branch whose condition holds, else `otherwise`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from viewflow import this
from viewflow.workflow import flow

from workflows import runtime
from workflows.compile_nodes import node_title
from workflows.conditions import condition_describe, condition_evaluate
from workflows.dry_run_walk import Walk, walk_entry
from workflows.language_vocabulary import NEXT

from .base import StepType
from .registry import step_types


@step_types.register("decision")
class DecisionStep(StepType):
    summary = "choose a path from the case's data: the first branch whose condition holds, else otherwise"
    properties = {
        "branches": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {
                "type": "object",
                "properties": {"when": {"$ref": "#/$defs/condition"}, "next": NEXT},
                "required": ["when", "next"],
                "additionalProperties": False,
            },
        },
        "otherwise": NEXT,
    }
    required = ("branches", "otherwise")

    def compile(self, step: dict) -> dict[str, Any]:
        node = flow.Switch()
        for branch in step.get("branches", []):
            node = node.Case(getattr(this, branch["next"]), runtime.condition_holds(branch["when"]))
        node = node.Default(getattr(this, step["otherwise"]))
        node.task_title = node_title(step)
        return {step["id"]: node}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
        for index, branch in enumerate(step["branches"]):
            if condition_evaluate(branch["when"], walk.context(), today=clock.date(), region=walk.region):
                walk_entry(walk, step, clock, note=f"branch {index + 1} matches ({condition_describe(branch['when'])})")
                return branch["next"], clock
        walk_entry(walk, step, clock, note="no branch matches: otherwise")
        return step["otherwise"], clock
