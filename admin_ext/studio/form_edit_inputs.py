"""The typed edits the builder's panels post (built from the POST in form_post*.py, applied by form_*_edits.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Direction = Literal["up", "down"]


@dataclass
class QuestionInput:
    """What the question panel posts, already typed."""

    label: str
    widget: str
    hint: str = ""
    required: bool = False
    options: list[tuple[Any, str]] | None = None  # None: leave the options as they are
    options_enum: bool = False  # value == label for every option: written as `enum`
    integer_only: bool = False
    rules: dict[str, Any] = field(default_factory=dict)  # minLength, maxLength, pattern, minimum... None removes
    errors: dict[str, str] = field(default_factory=dict)  # keyword -> message; "" removes
    show_if: dict | None = None
    accept: list[str] | None = None
    max_size_mb: float | None = None
    date_rules: dict[str, Any] | None = None  # a date question's rules (form language's date_rules); None: as they are
    welsh: dict[str, Any] | None = None  # label, hint, errors {kw: msg}, choices {posted value: label}
    item_label: str | None = None  # a repeatable group's "Bin" ("Add another bin"); None: as it is
    items: list[ItemInput] | None = None  # a repeatable group's item questions in order; None: as they are


@dataclass
class ItemInput:
    """One item question of a repeatable group: its own panel values (no conditions: the language has none)."""

    name: str  # an existing item question, or "" for a new one (named from its label)
    data: QuestionInput
    remove: bool = False
