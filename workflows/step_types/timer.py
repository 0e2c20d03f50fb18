"""timer: wait a fixed time, or until a date read from the case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from viewflow.workflow import flow

from councilflow.errors import DefinitionProblem, json_pointer
from workflows import runtime
from workflows.business_calendar import default_calendar
from workflows.compile_nodes import node_next, node_title
from workflows.dry_run_walk import Stop, Walk, walk_entry
from workflows.language_vocabulary import NEXT
from workflows.timer_dates import timer_until_due, until_describe, until_moment
from workflows.working_days import duration_add, duration_describe

from .base import StepType
from .registry import step_types


@step_types.register("timer")
class TimerStep(StepType):
    summary = "wait a fixed time (`wait`) or until a date from the case (`until`): exactly one, then `next`"
    # A timer's `next` is checked by the lint, which can say why it matters.
    properties = {"wait": {"$ref": "#/$defs/duration"}, "until": {"$ref": "#/$defs/until"}, "next": NEXT}
    schema_extra = {
        "oneOf": [{"required": ["wait"]}, {"required": ["until"]}],
        "x-errors": {"oneOf": "give exactly one of wait (a duration) or until (a date from the case)"},
    }

    def lint(self, definition: dict, index: int, step: dict) -> list[DefinitionProblem]:
        if "next" not in step:
            return [
                DefinitionProblem(
                    json_pointer("steps", index, "next"), "a timer needs a next step to go to when it fires"
                )
            ]
        return []

    def compile(self, step: dict) -> dict[str, Any]:
        due = runtime.timer_due(step["wait"]) if "wait" in step else timer_until_due(step["until"])
        node = flow.Timer(due)
        node.task_title = node_title(step)
        return {step["id"]: node_next(node, step["next"])}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime] | Stop:
        if "until" in step:
            fires = until_moment(step["until"], walk.context(), calendar=default_calendar(walk.region), now=clock)
            fires = max(fires, clock)  # a date already past fires at once
            walk_entry(walk, step, clock, due=fires, note=f"waits until {until_describe(step['until'])}")
        else:
            fires = duration_add(clock, step["wait"], region=walk.region)
            walk_entry(walk, step, clock, due=fires, note=f"waits {duration_describe(step['wait'])}")
        if "next" not in step:
            return Stop("blocked", step["id"], fires)
        return step["next"], fires
