"""Conditions read as short English, for diagram edge labels and dry-run notes."""

from __future__ import annotations

import json

from workflows.conditions_eval import COMPARISONS


def condition_describe(expr: object) -> str:
    """A short human reading of an expression, e.g. `data.bags >= 3 and not data.urgent`."""
    if isinstance(expr, dict) and len(expr) == 1:
        ((op, raw),) = expr.items()
        args = raw if isinstance(raw, list) else [raw]
        if op == "var":
            return str(raw)
        if op in COMPARISONS and len(args) == 2:
            return f"{condition_describe(args[0])} {op} {condition_describe(args[1])}"
        if op in ("and", "or"):
            return f" {op} ".join(_describe_grouped(a) for a in args)
        if op == "!" and args:
            return f"not {_describe_grouped(args[0])}"
        if op == "in" and len(args) == 2:
            return f"{condition_describe(args[0])} in {condition_describe(args[1])}"
        if op == "contains" and len(args) == 2:
            return f"{condition_describe(args[0])} includes {condition_describe(args[1])}"
        if op in ("empty", "not_empty") and args:
            return f"{condition_describe(args[0])} is {'empty' if op == 'empty' else 'not empty'}"
        if op == "today":
            return "today"
        if op == "days_ago" and args:
            return f"{args[0]} days ago"
        if op == "working_days_since" and args:
            return f"working days since {condition_describe(args[0])}"
    if isinstance(expr, list):
        return "[" + ", ".join(condition_describe(x) for x in expr) + "]"
    return json.dumps(expr)


def _describe_grouped(expr: object) -> str:
    text = condition_describe(expr)
    return f"({text})" if isinstance(expr, dict) and set(expr) & {"and", "or"} else text
