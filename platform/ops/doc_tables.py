"""The docs' reference tables that are generated from the plugin registries, and where each one lives.

`manage.py docs_tables` rewrites them; tests/ops/test_docs_tables.py fails when a committed doc is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from connectors.types.docs import connector_types_table
from councilflow.doc_sections import doc_section_read, doc_section_replace
from form_definitions.widget_types.docs import widgets_table
from workflows.step_types.docs import step_types_table

DOC_TABLES: tuple[tuple[str, str, Callable[[], str]], ...] = (
    ("docs/workflow-language.md", "step-types", step_types_table),
    ("docs/form-definitions.md", "widgets", widgets_table),
    ("docs/connectors.md", "connector-types", connector_types_table),
)


def doc_tables_stale(*, root: Path | None = None) -> list[str]:
    """`<doc>#<section>` of every generated table whose committed text differs from the registry's."""
    root = root or Path(settings.BASE_DIR)
    return [
        f"{doc}#{name}"
        for doc, name, render in DOC_TABLES
        if doc_section_read((root / doc).read_text(), name=name) != render()
    ]


def doc_tables_write(*, root: Path | None = None) -> list[str]:
    """Rewrite every generated table from the registries; the docs changed, as `<doc>#<section>`."""
    root = root or Path(settings.BASE_DIR)
    changed = []
    for doc, name, render in DOC_TABLES:
        path = root / doc
        text = path.read_text()
        updated = doc_section_replace(text, name=name, body=render())
        if updated != text:
            path.write_text(updated)
            changed.append(f"{doc}#{name}")
    return changed
