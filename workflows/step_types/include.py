"""include: reuse a fragment; replaced at check and compile time by a copy of its steps (workflows/fragments.py)."""

from __future__ import annotations

from workflows.language_vocabulary import STEP_ID_PATTERN

from .base import StepType
from .registry import step_types


@step_types.register("include")
class IncludeStep(StepType):
    summary = "reuse a fragment: replaced by a copy of its steps before checking and compiling"
    properties = {
        "fragment": {"$ref": "#/$defs/step_id"},
        "exits": {
            "type": "object",
            "propertyNames": {"pattern": STEP_ID_PATTERN, "x-errors": {"pattern": "is not a valid exit name"}},
            "additionalProperties": {"$ref": "#/$defs/step_id"},
        },
    }
    required = ("fragment", "exits")
    compiles = False
