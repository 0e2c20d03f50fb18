"""Conditional questions: `show_if` reveals a question from an earlier answer; hidden answers are dropped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from form_definitions.fields import FieldSpec


def show_if_met(show_if: dict | None, answers: dict) -> bool:
    """True when the question should be shown; a list answer (checkboxes) matches if it contains the value,
    and `"item": "<question>"` reads that question in every item of a repeatable group."""
    if not show_if:
        return True
    if show_if.get("field") not in answers:
        return False
    answer = answers[show_if["field"]]
    wanted = [show_if["equals"]] if "equals" in show_if else list(show_if.get("in") or [])
    if "item" in show_if:  # a repeatable group: shown when any item's answer matches
        answer = (
            [item.get(show_if["item"]) for item in answer if isinstance(item, dict)] if isinstance(answer, list) else []
        )
        answer = [v for value in answer for v in (value if isinstance(value, list) else [value])]
    given = answer if isinstance(answer, list) else [answer]
    return any(_same(a, w) for a in given for w in wanted)


def _same(a: Any, b: Any) -> bool:
    # 1 == True in Python; a yes/no answer must not match a numeric option.
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def fields_hidden(fields: Iterable[FieldSpec], answers: dict) -> set[str]:
    """Names of questions hidden by these answers, evaluated in order so a hidden answer reveals nothing."""
    visible = dict(answers)
    hidden: set[str] = set()
    for field in fields:
        if not show_if_met(field.show_if, visible):
            hidden.add(field.name)
            visible.pop(field.name, None)
    return hidden


def answers_visible(fields: Iterable[FieldSpec], answers: dict) -> dict:
    """The answers without those of hidden questions."""
    hidden = fields_hidden(list(fields), answers)
    return {name: value for name, value in answers.items() if name not in hidden}
