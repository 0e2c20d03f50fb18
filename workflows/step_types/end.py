"""end: finish the case with an outcome, and an optional message for the resident's tracking page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workflows import runtime
from workflows.compile_nodes import node_title
from workflows.dry_run_walk import Stop, Walk, walk_entry
from workflows.engine_adapter import OutcomeEnd
from workflows.language_vocabulary import END_OUTCOMES, translations_schema
from workflows.working_days import duration_add

from .base import StepType
from .registry import step_types

OUTCOME_WORDS = {"no_action": "No action"}


def outcome_words(outcome: str) -> str:
    return OUTCOME_WORDS.get(outcome, outcome.replace("_", " ").capitalize())


@step_types.register("end")
class EndStep(StepType):
    summary = "finish the case with an outcome (and a message for the resident's tracking page)"
    properties = {
        "outcome": {"enum": list(END_OUTCOMES)},
        # Shown on the resident's tracking page when the case ends here.
        "resident_message": {
            "type": "string",
            "minLength": 1,
            "maxLength": 1000,
            "x-errors": {"minLength": "must not be empty", "maxLength": "must be at most 1000 characters"},
        },
        "translations": translations_schema(
            {
                "type": "object",
                "properties": {"resident_message": {"type": "string", "minLength": 1, "maxLength": 1000}},
                "required": ["resident_message"],
                "additionalProperties": False,
            }
        ),
    }
    required = ("outcome",)

    def compile(self, step: dict) -> dict[str, Any]:
        node = OutcomeEnd(step.get("outcome", "resolved"), on_end=runtime.case_end_hook(step))
        node.task_title = node_title(step)
        return {step["id"]: node}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> Stop:
        note = f"the case ends: {step['outcome']}"
        sla_due = duration_add(walk.started, walk.sla, region=walk.region) if walk.sla else None
        if sla_due:
            note += f"; {'within' if clock <= sla_due else 'after'} the case SLA"
        walk_entry(walk, step, clock, due=sla_due, note=note)
        return Stop("end", step["id"], clock)

    def diagram_caption(self, step: dict) -> str:
        """The outcome under the end circle, with the step's title when it has one."""
        caption = outcome_words(step.get("outcome", "resolved"))
        return f"{step['title']} ({caption.lower()})" if step.get("title") else caption
