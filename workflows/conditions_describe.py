"""Conditions read as short English, for diagram edge labels and dry-run notes."""

from __future__ import annotations

import json
from collections.abc import Mapping

from workflows.conditions_eval import COMPARISONS


def condition_describe(expr: object) -> str:
    """A short reading of an expression for notes, e.g. `data.bags >= 3 and not data.urgent`."""
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


_WORDS = {
    "==": "is",
    "!=": "is not",
    "<": "is less than",
    "<=": "is at most",
    ">": "is more than",
    ">=": "is at least",
    "in": "is one of",
    "contains": "includes",
}


def condition_words(expr: object, *, names: Mapping[str, str] | None = None) -> str:
    """A condition in a designer's words, e.g. `“Is it in water?” is yes`; `names` maps a variable
    (`data.in_water`, `outcomes.check`) to what the designer calls it (the question, the task's title)."""
    names = names or {}
    if expr is True:
        return "always"
    if isinstance(expr, dict) and len(expr) == 1:
        ((op, raw),) = expr.items()
        args = raw if isinstance(raw, list) else [raw]
        if op == "var":
            return names.get(str(raw)) or str(raw).rpartition(".")[2].replace("_", " ")
        if op in _WORDS and len(args) == 2:
            return f"{_operand_words(args[0], names)} {_WORDS[op]} {_operand_words(args[1], names)}"
        if op in ("and", "or"):
            return f" {op} ".join(
                f"({condition_words(a, names=names)})"
                if isinstance(a, dict) and set(a) & {"and", "or"}
                else condition_words(a, names=names)
                for a in args
            )
        if op == "!" and args:
            return f"not ({condition_words(args[0], names=names)})"
        if op in ("empty", "not_empty") and args:
            return f"{_operand_words(args[0], names)} is {'not answered' if op == 'empty' else 'answered'}"
    return condition_describe(expr)


def _operand_words(expr: object, names: Mapping[str, str]) -> str:
    if isinstance(expr, dict):
        return condition_words(expr, names=names)
    if expr is True:
        return "yes"
    if expr is False:
        return "no"
    if isinstance(expr, str):
        return f"“{expr}”"
    if isinstance(expr, list):
        return ", ".join(_operand_words(x, names) for x in expr)
    return json.dumps(expr)
