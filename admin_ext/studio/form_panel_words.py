"""The question panel's inputs: which rules and messages each kind offers, their words, and how inputs are named."""

from __future__ import annotations

from councilflow.errors import DefinitionProblem

from .form_kinds import STRING_WIDGETS, builder_widget
from .form_model import Question

RULES_FOR = {
    **{w: ("minLength", "maxLength", "pattern") for w in STRING_WIDGETS - {"date"}},
    "number": ("minimum", "maximum"),
    "checkboxes": ("minItems", "maxItems"),
    "files": ("minItems", "maxItems"),
    "repeat": ("minItems", "maxItems"),
}
INTEGER_RULES = frozenset({"minLength", "maxLength", "minItems", "maxItems"})
RULE_LABELS = {
    "minLength": "Fewest characters",
    "maxLength": "Most characters",
    "pattern": "Pattern the answer must match (regular expression)",
    "minimum": "Smallest number",
    "maximum": "Largest number",
    "minItems": "Fewest options ticked",
    "maxItems": "Most options ticked",
}
ERRORS_FOR = {
    **{w: ("minLength", "maxLength", "pattern") for w in STRING_WIDGETS - {"date", "email"}},
    "email": ("format", "minLength", "maxLength", "pattern"),
    "date": ("format",),
    "number": ("type", "minimum", "maximum"),
    "checkboxes": ("minItems", "maxItems"),
    "files": ("minItems", "maxItems"),
    "repeat": ("minItems", "maxItems"),
}
ERROR_LABELS = {
    "required": "When it is not answered",
    "format": "When it is not in the right format",
    "type": "When it is not a number",
    "minLength": "When it is too short",
    "maxLength": "When it is too long",
    "pattern": "When it does not match the pattern",
    "minimum": "When it is too small",
    "maximum": "When it is too large",
    "minItems": "When too few are ticked",
    "maxItems": "When too many are ticked",
}
# Words that differ by kind: a group counts items, several files count files.
LABELS_BY_WIDGET = {
    "files": {
        "minItems": ("Fewest files", "When too few files are uploaded"),
        "maxItems": ("Most files (1 to 20)", "When too many files are uploaded"),
    },
    "repeat": {
        "minItems": ("Fewest items", "When too few items are added"),
        "maxItems": ("Most items (at most 50)", "When too many items are added"),
    },
}
ITEM_PREFIX = "item-"
ITEM_NEW = "item_new-"
ITEM_CONDITION = ":"  # show_if_field "extra_bins:kind": when any item's answer to "kind" matches
# What an item question's row does not show (no conditions, date rules or files: the language has none for items).
ITEM_INPUTS_SKIPPED = ("show_if", "date_", "accept", "max_size_mb")
ITEM_MOVE = "item_move"  # a row's Move up / Move down button: "<item question>:up"; a drag posts "<item>:placed"
SHOW_IF_OPS = {"equals": "is", "not": "is not", "in": "is one of"}


def rule_label(widget: str, rule: str) -> str:
    return LABELS_BY_WIDGET.get(widget, {}).get(rule, (RULE_LABELS[rule], ""))[0]


def error_label(widget: str, keyword: str) -> str:
    words = LABELS_BY_WIDGET.get(widget, {}).get(keyword)
    return words[1] if words else ERROR_LABELS.get(keyword, f"When “{keyword}” fails")


def item_prefix(name: str) -> str:
    """An item question's inputs in its group's panel: `item-<question>-label`, `item-<question>-options`..."""
    return f"{ITEM_PREFIX}{name}-"


def error_keywords(question: Question, widget: str | None = None) -> list[str]:
    """The custom error messages the panel offers: required, the rules of its kind, and any already written."""
    widget = widget or builder_widget(question)
    offered = ["required", *ERRORS_FOR.get(widget, ())]
    written = [k for k in (question.ui.get("errors") or {}) if k not in offered]
    welsh = [k for k in ((question.welsh or {}).get("errors") or {}) if k not in offered and k not in written]
    return offered + written + welsh


def panel_problem(name: str, key: str, message: str) -> DefinitionProblem:
    """A problem at one of the panel's inputs: /studio/<question>/<input>."""
    return DefinitionProblem(f"/studio/{name}/{key}", message)
