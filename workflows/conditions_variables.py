"""The names a condition can read with `{"var": ...}`, and where an expression reads them."""

from __future__ import annotations

from councilflow.errors import json_pointer
from workflows.language_vocabulary import CASE_CHANNELS, CASE_STATUSES

VARIABLE_ROOTS = ("data", "outcomes", "task", "case")
# What `case.<name>` may read (the runtime's case context), with its type and choices.
CASE_VARIABLES: dict[str, tuple[str, tuple | None]] = {
    "channel": ("string", CASE_CHANNELS),
    "reference": ("string", None),
    "status": ("string", (*CASE_STATUSES, "resolved", "closed", "reopened")),
    "submitted": ("date", None),
}


def expression_variables(expr: object, path: str) -> list[tuple[str, str]]:
    """Every `var` name in an expression with the pointer of its `var` key."""
    found: list[tuple[str, str]] = []
    if isinstance(expr, dict):
        for op, raw in expr.items():
            here = path + json_pointer(op)
            if op == "var" and isinstance(raw, str):
                found.append((here, raw))
            elif isinstance(raw, list):
                for index, item in enumerate(raw):
                    found += expression_variables(item, here + json_pointer(index))
            else:
                found += expression_variables(raw, here)
    return found
