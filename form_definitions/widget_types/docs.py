"""The widget reference table of docs/form-definitions.md, rendered from the registry."""

from __future__ import annotations

from councilflow.doc_sections import markdown_table

from .registry import widget_types


def widgets_table() -> str:
    """One row per registered widget: the property types it fits, notes, and whether a group's items may use it."""
    rows = [
        (f"`{plugin.key}`", plugin.fits, plugin.notes, "yes" if plugin.item_allowed else "no")
        for plugin in widget_types
    ]
    return markdown_table(("widget", "fits", "notes", "in a repeat item"), rows)
