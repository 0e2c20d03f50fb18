"""address_lookup: GOV.UK "find an address", postcode then a pick list (or typed by hand); the answer keeps the
UPRN, USRN and coordinates of a picked address (form_definitions/address.py, portal/address_finder.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.address import LOOKED_UP_PARTS, MANUAL_PARTS, postcode_normalise
from form_definitions.fields import FieldSpec
from form_definitions.posted import posted_first, posted_number
from form_definitions.schema_kinds import kind_name, schema_type

from .base import GetList, Widget
from .registry import widget_types

NUMERIC_PARTS = ("easting", "northing", "lat", "lng")


@widget_types.register("address_lookup")
class AddressLookup(Widget):
    fits = "object (or untyped)"
    notes = 'GOV.UK "find an address": postcode, pick from the list, or enter it manually; the answer keeps the UPRN (see *Find an address*).'
    template = "address_lookup"

    def mismatch(self, schema: Any) -> str | None:
        kind = schema_type(schema)
        if kind not in ("object", None):
            return f'widget "address_lookup" needs an object property (the address and its UPRN), not {kind_name(kind)}'
        return None

    def coerce(self, field: FieldSpec, getlist: GetList, read: Callable[[FieldSpec, GetList], Any]) -> Any:
        """The parts typed in by hand (`home-line1`, `home-postcode`, ...) or, once the portal has put in a picked
        address, its UPRN and the rest; coordinates as numbers."""
        value: dict = {}
        for part in MANUAL_PARTS + LOOKED_UP_PARTS:
            raw = " ".join(posted_first(getlist, f"{field.name}-{part}").split())
            if raw:
                value[part] = posted_number(raw) if part in NUMERIC_PARTS else raw
        if value.get("postcode"):
            value["postcode"] = postcode_normalise(value["postcode"]) or value["postcode"]
        return value or None
