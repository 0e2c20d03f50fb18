"""Generated sections of the docs: text between `<!-- BEGIN name -->` and `<!-- END name -->` markers.

The reference tables built from the plugin registries live in such sections, so `manage.py docs_tables`
can rewrite them and a test can prove the committed docs match the registries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


class DocSectionMissing(LookupError):
    """The doc has no markers for the section (add them where the table belongs)."""


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- BEGIN {re.escape(name)} [^>]*-->\n)(.*?)(<!-- END {re.escape(name)} -->)", flags=re.S)


def doc_section_read(text: str, *, name: str) -> str:
    """The section's current body."""
    match = _pattern(name).search(text)
    if match is None:
        raise DocSectionMissing(f"no <!-- BEGIN {name} ... --> / <!-- END {name} --> markers")
    return match.group(2)


def doc_section_replace(text: str, *, name: str, body: str) -> str:
    """The doc with the section's body replaced (the markers stay)."""
    doc_section_read(text, name=name)  # raises when the markers are missing
    return _pattern(name).sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, one line per row, ending in a newline."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
