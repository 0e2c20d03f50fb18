"""repeat: a repeatable group ("add another"), posted as `<group>-count` and one input per item question."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.fields import FieldSpec, item_specs
from form_definitions.posted import posted_repeat_count
from form_definitions.schema_kinds import object_items, schema_type

from .base import GetList, Widget
from .registry import widget_types


@widget_types.register("repeat")
class Repeat(Widget):
    fits = "array whose `items` are an object with `properties`, with `maxItems` at most 50"
    notes = 'A repeatable group, "add another" (see *Repeatable groups*).'
    template = "repeat"

    def mismatch(self, schema: Any) -> str | None:
        if schema_type(schema) != "array" or not object_items(schema if isinstance(schema, dict) else {}):
            return 'widget "repeat" needs an array property whose items are objects with properties'
        return None

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        """An item left blank stays in the list (as {}) so its own questions report what is missing."""
        items = []
        for index in range(posted_repeat_count(field.name, getlist)):
            item = {}
            for spec, sub in zip(item_specs(field, index), field.item_fields, strict=True):
                value = read(spec, getlist)
                if value is not None:
                    item[sub.name] = value
            items.append(item)
        return items or None
