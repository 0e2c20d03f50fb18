"""Choice widgets: radios, select and checkboxes, over enum or oneOf/anyOf options (or a boolean's Yes/No)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.fields import FieldSpec
from form_definitions.posted import posted_scalar
from form_definitions.schema_kinds import schema_choices, schema_type

from .base import GetList, Widget
from .registry import widget_types


class ChoiceWidget(Widget):
    family = "choice"
    item_allowed = True

    def mismatch(self, schema: Any) -> str | None:
        if schema_type(schema) == "array" or not schema_choices(schema if isinstance(schema, dict) else {}):
            return f'widget "{self.key}" needs a property with enum or oneOf choices, or a boolean'
        return None


@widget_types.register("radios")
class Radios(ChoiceWidget):
    fits = "enum/oneOf choices, boolean"
    notes = "A boolean gets Yes/No."
    template = "choices"


@widget_types.register("select")
class Select(ChoiceWidget):
    fits = "enum/oneOf choices"
    notes = "A drop-down."
    template = "select"


@widget_types.register("checkboxes")
class Checkboxes(ChoiceWidget):
    fits = "array whose `items` have enum/oneOf choices"
    notes = "The answer is a list."
    template = "choices"

    def mismatch(self, schema: Any) -> str | None:
        schema = schema if isinstance(schema, dict) else {}
        if schema_type(schema) != "array" or not schema_choices(schema.get("items")):
            return 'widget "checkboxes" needs an array property whose items have enum or oneOf choices'
        return None

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        items = [v.strip() for v in getlist(field.name) if v.strip()]
        items_schema = field.schema.get("items")
        item_schema = items_schema if isinstance(items_schema, dict) else {}
        return [posted_scalar(v, item_schema, field.choices) for v in items] or None
