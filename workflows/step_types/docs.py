"""The step-type reference table of docs/workflow-language.md, rendered from the registry."""

from __future__ import annotations

from councilflow.doc_sections import markdown_table

from .registry import step_types

COMMON_KEYS = ("id", "type", "title", "description")


def step_types_table() -> str:
    """One row per registered step type: what it does, its required and optional keys (from its schema)."""
    rows = []
    for plugin in step_types:
        properties = [key for key in plugin.schema()["properties"] if key not in COMMON_KEYS]
        required = [key for key in plugin.schema()["required"] if key not in ("id", "type")]
        optional = [key for key in properties if key not in required]
        rows.append(
            (
                f"`{plugin.key}`",
                plugin.summary,
                ", ".join(f"`{key}`" for key in required) or "—",
                ", ".join(f"`{key}`" for key in optional) or "—",
            )
        )
    return markdown_table(("type", "what it does", "required keys", "optional keys"), rows)
