"""The connector-type reference table of docs/connectors.md, rendered from the registry."""

from __future__ import annotations

from councilflow.doc_sections import markdown_table

from .registry import connector_types


def connector_types_table() -> str:
    """One row per registered connector type: its kind, what it is, and the secrets it may be given."""
    rows = [
        (f"`{plugin.key}`", plugin.label, ", ".join(f"`{name}`" for name in plugin.secret_names) or "—")
        for plugin in connector_types
    ]
    return markdown_table(("kind", "what it is", "secrets"), rows)
