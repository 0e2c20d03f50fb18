"""Turning posted HTML form strings into typed JSON answers, ready for schema validation.

Unparseable input is kept as the raw string so validation reports it against the right question.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from typing import Any

from form_definitions.address import LOOKED_UP_PARTS, MANUAL_PARTS, postcode_normalise
from form_definitions.conditions import answers_visible
from form_definitions.fields import FieldSpec, item_specs
from form_definitions.widgets import Choice, schema_type

TRUE_WORDS = frozenset({"yes", "true", "on", "1"})
FALSE_WORDS = frozenset({"no", "false", "off", "0"})
INTEGER_RE = re.compile(r"[+-]?\d+")
MAX_ITEMS_POSTED = 50  # a repeatable group's `maxItems` is at most this (meta_ui.MAX_REPEAT_ITEMS)


def answers_from_post(fields: list[FieldSpec], post: Any) -> dict:
    """Typed answers from a POST (a QueryDict, or a mapping of name -> list of strings).

    File questions are skipped: the caller stores uploads and puts a reference in the answers.
    """
    getlist = _getlist_for(post)
    answers: dict = {}
    for field in fields:
        if field.widget in ("file", "files"):
            continue
        value = _field_value(field, getlist)
        if value is not None:
            answers[field.name] = value
    return answers_visible(fields, answers)


def _getlist_for(post: Any) -> Callable[[str], list[str]]:
    if hasattr(post, "getlist"):
        return post.getlist

    def getlist(key: str) -> list[str]:
        value = post.get(key, [])
        return [value] if isinstance(value, str) else list(value)

    return getlist


def _first(getlist: Callable[[str], list[str]], key: str) -> str:
    values = getlist(key)
    return values[0].strip() if values else ""


def _field_value(field: FieldSpec, getlist: Callable[[str], list[str]]) -> Any:
    if field.widget == "repeat":
        return _items_value(field, getlist)
    if field.multiple:
        items = [v.strip() for v in getlist(field.name) if v.strip()]
        item_schema = field.schema.get("items") if isinstance(field.schema.get("items"), dict) else {}
        return [_scalar(v, item_schema, field.choices) for v in items] or None
    if field.widget == "date":
        return _date_value(field.name, getlist)
    if field.widget == "address_lookup":
        return _address_value(field.name, getlist)
    if field.widget == "location" and schema_type(field.schema) == "object":
        return _object_value(field, getlist)
    raw = _first(getlist, field.name).replace("\r\n", "\n")
    return _scalar(raw, field.schema, field.choices) if raw else None


def _scalar(raw: str, schema: dict, choices: list[Choice]) -> Any:
    """One posted string as the JSON value the schema expects; a chosen option keeps its real type."""
    for choice in choices:
        if isinstance(choice.value, bool):
            if raw.lower() in (TRUE_WORDS if choice.value else FALSE_WORDS):
                return choice.value
        elif str(choice.value) == raw:
            return choice.value
    kind = schema_type(schema)
    if kind in ("integer", "number"):
        return _number(raw)
    if kind == "boolean":
        lowered = raw.lower()
        return True if lowered in TRUE_WORDS else False if lowered in FALSE_WORDS else raw
    return raw


def _number(raw: str) -> int | float | str:
    cleaned = raw.replace(",", "").replace(" ", "")
    if INTEGER_RE.fullmatch(cleaned):
        return int(cleaned)
    try:
        number = float(cleaned)
    except ValueError:
        return raw
    return number if math.isfinite(number) else raw


def _date_value(name: str, getlist: Callable[[str], list[str]]) -> str | None:
    """One ISO value, or GOV.UK day/month/year inputs; an impossible date stays raw to fail `format`."""
    single = _first(getlist, name)
    if single:
        return single
    day, month, year = (_first(getlist, f"{name}-{part}") for part in ("day", "month", "year"))
    if not (day or month or year):
        return None
    typed = f"{year}-{month}-{day}"  # kept as typed when it is no real date, so `format` reports it
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return typed
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return typed


def repeat_count(field: FieldSpec, getlist: Callable[[str], list[str]] | Any) -> int:
    """How many items the page posted (`<group>-count`), within 0..MAX_ITEMS_POSTED."""
    if not callable(getlist):
        getlist = _getlist_for(getlist)
    raw = _first(getlist, f"{field.name}-count")
    return min(int(raw), MAX_ITEMS_POSTED) if raw.isdigit() else 0


def _items_value(field: FieldSpec, getlist: Callable[[str], list[str]]) -> list[dict] | None:
    """A repeatable group posted as `<group>-count` and one input per item question, e.g. `bins-0-colour`.

    An item left blank stays in the list (as {}) so its own questions report what is missing."""
    items = []
    for index in range(repeat_count(field, getlist)):
        item = {}
        for spec, sub in zip(item_specs(field, index), field.item_fields, strict=True):
            value = _field_value(spec, getlist)
            if value is not None:
                item[sub.name] = value
        items.append(item)
    return items or None


def _object_value(field: FieldSpec, getlist: Callable[[str], list[str]]) -> dict | None:
    """An object answer (a map location) posted as one input per property, e.g. `where-lat`, `where-lng`."""
    value: dict = {}
    for part, part_schema in (field.schema.get("properties") or {}).items():
        raw = _first(getlist, f"{field.name}-{part}")
        if raw:
            value[part] = _scalar(raw, part_schema if isinstance(part_schema, dict) else {}, [])
    return value or None


def _address_value(name: str, getlist: Callable[[str], list[str]]) -> dict | None:
    """A "find an address" answer: the parts typed in by hand (`home-line1`, `home-postcode`, ...) or, once
    the portal has put in a picked address, its UPRN and the rest; coordinates as numbers."""
    value: dict = {}
    for part in MANUAL_PARTS + LOOKED_UP_PARTS:
        raw = " ".join(_first(getlist, f"{name}-{part}").split())
        if raw:
            value[part] = _number(raw) if part in ("easting", "northing", "lat", "lng") else raw
    if value.get("postcode"):
        value["postcode"] = postcode_normalise(value["postcode"]) or value["postcode"]
    return value or None
