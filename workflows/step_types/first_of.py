"""first_of: a deferred choice; whichever of its options (waits, timers, tasks) happens first routes the case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from viewflow import this
from viewflow.workflow import flow

from councilflow.errors import DefinitionProblem
from workflows.compile_nodes import node_title
from workflows.deferred_choice import first_of_problems, option_describe
from workflows.dry_run_walk import Stop, Walk, walk_entry
from workflows.language_vocabulary import NEXT

from .base import StepType
from .registry import step_types


@step_types.register("first_of")
class FirstOfStep(StepType):
    summary = (
        "a deferred choice: opens its options (waits, timers, tasks) together; the first to happen goes on "
        "along its own `next` and the others are withdrawn"
    )
    properties = {
        "options": {
            "type": "array",
            "items": NEXT,
            "minItems": 1,
            "maxItems": 10,
            "uniqueItems": True,
            "x-errors": {"minItems": "a first_of needs at least 2 options"},
        }
    }
    required = ("options",)

    def lint(self, definition: dict, index: int, step: dict) -> list[DefinitionProblem]:
        return first_of_problems(definition, index, step)

    def compile(self, step: dict) -> dict[str, Any]:
        node = flow.Split()
        for target in step["options"]:
            node = node.Next(getattr(this, target))
        node.task_title = node_title(step)
        return {step["id"]: node}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime] | Stop:
        """The designer names the option that happens first (`"<first_of id>": "<option id>"`)."""
        words = ", ".join(f"{o} ({option_describe(walk.steps.get(o, {'id': o}))})" for o in step["options"])
        chosen = walk.outcomes.get(step["id"])
        if chosen is None or chosen not in step["options"]:
            note = f"waits for whichever happens first: {words}"
            if chosen is not None:
                note += f'; "{chosen}" is not one of its options'
            walk_entry(walk, step, clock, note=note)
            return Stop("blocked", step["id"], clock)
        option = walk.steps[chosen]
        others = [o for o in step["options"] if o != chosen]
        walk_entry(walk, step, clock, note=f"{option_describe(option)} first; withdrawn: {', '.join(others)}")
        if option["type"] in ("wait_for_customer", "wait_for_reply") and chosen not in walk.outcomes:
            walk.outcomes = {**walk.outcomes, chosen: "replied"}  # chosen to happen first: it happens
        return chosen, clock

    def diagram_caption(self, step: dict) -> str:
        return "Whichever happens first"
