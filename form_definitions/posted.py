"""Reading posted HTML form strings: the helpers every widget's `coerce` uses (form_definitions/widget_types/)."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from typing import Any

from form_definitions.schema_kinds import Choice, schema_type

TRUE_WORDS = frozenset({"yes", "true", "on", "1"})
FALSE_WORDS = frozenset({"no", "false", "off", "0"})
INTEGER_RE = re.compile(r"[+-]?\d+")


def posted_first(getlist: Callable[[str], list[str]], key: str) -> str:
    values = getlist(key)
    return values[0].strip() if values else ""


def posted_scalar(raw: str, schema: dict, choices: list[Choice]) -> Any:
    """One posted string as the JSON value the schema expects; a chosen option keeps its real type."""
    for choice in choices:
        if isinstance(choice.value, bool):
            if raw.lower() in (TRUE_WORDS if choice.value else FALSE_WORDS):
                return choice.value
        elif str(choice.value) == raw:
            return choice.value
    kind = schema_type(schema)
    if kind in ("integer", "number"):
        return posted_number(raw)
    if kind == "boolean":
        lowered = raw.lower()
        return True if lowered in TRUE_WORDS else False if lowered in FALSE_WORDS else raw
    return raw


def posted_number(raw: str) -> int | float | str:
    cleaned = raw.replace(",", "").replace(" ", "")
    if INTEGER_RE.fullmatch(cleaned):
        return int(cleaned)
    try:
        number = float(cleaned)
    except ValueError:
        return raw
    return number if math.isfinite(number) else raw


def posted_date(name: str, getlist: Callable[[str], list[str]]) -> str | None:
    """One ISO value, or GOV.UK day/month/year inputs; an impossible date stays raw to fail `format`."""
    single = posted_first(getlist, name)
    if single:
        return single
    day, month, year = (posted_first(getlist, f"{name}-{part}") for part in ("day", "month", "year"))
    if not (day or month or year):
        return None
    typed = f"{year}-{month}-{day}"  # kept as typed when it is no real date, so `format` reports it
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return typed
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return typed


def posted_repeat_count(name: str, getlist: Callable[[str], list[str]], *, most: int = 50) -> int:
    """How many items a repeatable group posted (`<group>-count`), within 0..most."""
    raw = posted_first(getlist, f"{name}-count")
    return min(int(raw), most) if raw.isdigit() else 0
