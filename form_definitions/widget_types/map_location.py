"""map_location: a point picked on a Leaflet map, or the place described in words when there is no
JavaScript (form_definitions/map_point.py; portal/templates/portal/fields/map_location.html)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.fields import FieldSpec
from form_definitions.map_point import POINT_PARTS
from form_definitions.posted import posted_first, posted_number
from form_definitions.schema_kinds import kind_name, schema_type

from .base import GetList, Widget
from .registry import widget_types


@widget_types.register("map_location")
class MapLocation(Widget):
    fits = "object (or untyped)"
    notes = (
        "A point picked on a map (`where-lat`, `where-lng`) or, without JavaScript, described in words "
        "(`where-description`); tiles and area box per council (see *Map location*)."
    )
    template = "map_location"

    def mismatch(self, schema: Any) -> str | None:
        kind = schema_type(schema)
        if kind not in ("object", None):
            return f'widget "map_location" needs an object property (lat, lng and a description), not {kind_name(kind)}'
        return None

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        value: dict = {}
        for part in POINT_PARTS:
            raw = posted_first(getlist, f"{field.name}-{part}").strip()
            if raw:
                value[part] = posted_number(raw)
        description = " ".join(posted_first(getlist, f"{field.name}-description").split())
        if description:
            value["description"] = description
        return value or None
