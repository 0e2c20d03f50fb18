"""A date question's rules (the language's `date_rules`) as the panel's inputs, and back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from councilflow.errors import DefinitionProblem

from .form_panel_words import panel_problem

DATE_FLAGS = ("not_in_future", "not_in_past")
DATE_OFFSETS = ("at_least", "at_most")
DATE_UNITS = ("days", "working_days")


def date_rules_initial(rules: object) -> dict[str, str]:
    """A date question's rules as the panel's inputs: ticks, offsets from today, and earlier questions."""
    rules = rules if isinstance(rules, dict) else {}
    values = {"date_rules_shown": "1"}
    for flag in DATE_FLAGS:
        values[f"date_{flag}"] = "on" if rules.get(flag) is True else ""
    for key in DATE_OFFSETS:
        offset = rules.get(key)
        unit, amount = next(iter(offset.items())) if isinstance(offset, dict) and len(offset) == 1 else ("days", "")
        values[f"date_{key}_amount"], values[f"date_{key}_unit"] = str(amount), unit
    for key in ("after", "before"):
        values[f"date_{key}"] = str(rules.get(key) or "")
    return values


def date_rules_from_post(name: str, post: Mapping[str, str]) -> tuple[dict[str, Any], list[DefinitionProblem]]:
    rules: dict[str, Any] = {flag: True for flag in DATE_FLAGS if post.get(f"date_{flag}")}
    problems = []
    for key in DATE_OFFSETS:
        amount = (post.get(f"date_{key}_amount") or "").strip()
        unit = post.get(f"date_{key}_unit") or "days"
        if not amount:
            continue
        if not amount.lstrip("-").isdigit() or unit not in DATE_UNITS:
            problems.append(
                panel_problem(name, f"date_{key}_amount", "Enter a whole number of days (below 0: in the past)")
            )
            continue
        rules[key] = {unit: int(amount)}
    for key in ("after", "before"):
        if post.get(f"date_{key}"):
            rules[key] = post[f"date_{key}"]
    return rules, problems
