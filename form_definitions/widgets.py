"""Widgets: which ones exist, which one a property gets by default, and which types each accepts.

The widgets themselves are plugins (form_definitions/widget_types/, one registry); the names here are the
long-standing public ones, read from that registry so they cannot drift from it.
"""

from __future__ import annotations

from typing import Any

from form_definitions.schema_kinds import (  # noqa: F401  (re-exported)
    JSON_TYPES,
    SELECT_THRESHOLD,
    TEXTAREA_THRESHOLD,
    Choice,
    schema_choices,
    schema_type,
    widget_infer,
)
from form_definitions.widget_types import widget_types


def widget_names(*, family: str | None = None, item_allowed: bool | None = None) -> frozenset[str]:
    """The registered widgets, optionally only one family ("text", "choice", "upload") or only item widgets."""
    return frozenset(
        plugin.key
        for plugin in widget_types
        if (family is None or plugin.family == family) and (item_allowed is None or plugin.item_allowed == item_allowed)
    )


def widget_mismatch(widget: str, schema: object) -> str | None:
    """Why `widget` cannot collect a value for this property, or None when it can (unknown widgets: None)."""
    plugin = widget_types.get(widget)
    return plugin.mismatch(schema) if plugin is not None else None


_LIVE: dict[str, dict[str, Any]] = {
    "TEXT_WIDGETS": {"family": "text"},
    "CHOICE_WIDGETS": {"family": "choice"},
    "UPLOAD_WIDGETS": {"family": "upload"},  # "files": several files in one question
    "WIDGETS": {},
    # The questions of a repeatable group's items: one value each, no uploads, maps or groups inside a group.
    "ITEM_WIDGETS": {"item_allowed": True},
}


def __getattr__(name: str) -> frozenset[str]:
    """TEXT_WIDGETS, CHOICE_WIDGETS, UPLOAD_WIDGETS, WIDGETS and ITEM_WIDGETS, read from the registry."""
    if name in _LIVE:
        return widget_names(**_LIVE[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
