"""The docs' reference tables are the registries' own: regenerate with `manage.py docs_tables`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ops.doc_tables import DOC_TABLES, doc_tables_stale, doc_tables_write

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_docs_match_the_registries():
    assert doc_tables_stale() == []


def test_the_command_finds_and_rewrites_a_stale_table(tmp_path, settings):
    for doc, _, _ in DOC_TABLES:
        (tmp_path / doc).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / doc, tmp_path / doc)
    doc = tmp_path / "docs" / "form-definitions.md"
    doc.write_text(doc.read_text().replace("| `select` | enum/oneOf choices | A drop-down. | yes |\n", ""))
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="docs/form-definitions.md#widgets"):
        call_command("docs_tables", "--check")
    assert doc_tables_write() == ["docs/form-definitions.md#widgets"]
    assert doc.read_text() == (ROOT / "docs" / "form-definitions.md").read_text()
    call_command("docs_tables", "--check")
