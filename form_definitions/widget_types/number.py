"""number: a whole or decimal number typed in one input (commas ignored)."""

from __future__ import annotations

from typing import Any

from form_definitions.schema_kinds import kind_name, schema_type

from .base import Widget
from .registry import widget_types


@widget_types.register("number")
class Number(Widget):
    fits = "integer, number"
    notes = "Commas are ignored (`1,200` → 1200)."
    item_allowed = True
    input_attributes = {"type": "text", "inputmode": "numeric", "class": "govuk-input--width-10"}

    def mismatch(self, schema: Any) -> str | None:
        kind = schema_type(schema)
        if kind not in ("integer", "number"):
            return f'widget "number" needs an integer or number property, not {kind_name(kind)}'
        return None
