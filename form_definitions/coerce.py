"""Turning posted HTML form strings into typed JSON answers, ready for schema validation.

Each widget reads its own inputs (its `coerce`, form_definitions/widget_types/); unparseable input is kept as
the raw string so validation reports it against the right question.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from form_definitions.conditions import answers_visible
from form_definitions.fields import FieldSpec
from form_definitions.posted import FALSE_WORDS, INTEGER_RE, TRUE_WORDS, posted_first, posted_repeat_count  # noqa: F401
from form_definitions.widget_types import widget_types
from form_definitions.widget_types.base import Widget

MAX_ITEMS_POSTED = 50  # a repeatable group's `maxItems` is at most this (meta_ui.MAX_REPEAT_ITEMS)
_FALLBACK = Widget()  # a widget no longer registered reads as one plain value (the checks refuse it anyway)


def answers_from_post(fields: list[FieldSpec], post: Any) -> dict:
    """Typed answers from a POST (a QueryDict, or a mapping of name -> list of strings).

    File questions are skipped: the caller stores uploads and puts a reference in the answers.
    """
    getlist = _getlist_for(post)
    answers: dict = {}
    for field in fields:
        if _widget(field).family == "upload":
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


def _widget(field: FieldSpec) -> Widget:
    return widget_types.get(field.widget) or _FALLBACK


def _field_value(field: FieldSpec, getlist: Callable[[str], list[str]]) -> Any:
    return _widget(field).coerce(field, getlist, _field_value)


def repeat_count(field: FieldSpec, getlist: Callable[[str], list[str]] | Any) -> int:
    """How many items the page posted (`<group>-count`), within 0..MAX_ITEMS_POSTED."""
    if not callable(getlist):
        getlist = _getlist_for(getlist)
    return posted_repeat_count(field.name, getlist, most=MAX_ITEMS_POSTED)
