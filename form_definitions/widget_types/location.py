"""location: a place on a map (an object posted as one input per property) or described in words (a string)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.fields import FieldSpec
from form_definitions.posted import posted_first, posted_scalar
from form_definitions.schema_kinds import kind_name, schema_type

from .base import GetList, Widget
from .registry import widget_types


@widget_types.register("location")
class Location(Widget):
    fits = "object or string"
    notes = "An object is posted as one input per property, e.g. `where-lat`, `where-lng`."
    template = "location"

    def mismatch(self, schema: Any) -> str | None:
        kind = schema_type(schema)
        if kind not in ("object", "string", None):
            return f'widget "location" needs an object or string property, not {kind_name(kind)}'
        return None

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        if schema_type(field.schema) != "object":
            return super().coerce(field, getlist, read)
        value: dict = {}
        for part, part_schema in (field.schema.get("properties") or {}).items():
            raw = posted_first(getlist, f"{field.name}-{part}")
            if raw:
                value[part] = posted_scalar(raw, part_schema if isinstance(part_schema, dict) else {}, [])
        return value or None
