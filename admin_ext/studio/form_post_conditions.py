"""A question's condition (`show_if`) as the panel posts it: an earlier question, a test, and the answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from councilflow.errors import DefinitionInvalid

from .form_model import FormStructure, Question, choice_posted, item_questions
from .form_panel_words import ITEM_CONDITION, panel_problem
from .form_post_values import NUMBER_RE, number_parse


def condition_target(structure: FormStructure, target_name: str) -> Question | None:
    """The question a condition reads: a question, or `<group>:<item question>` (any item's answer)."""
    field_name, _, item = target_name.partition(ITEM_CONDITION)
    target = structure.questions.get(field_name)
    if target is None or not item:
        return target
    return next((sub for sub in item_questions(target) if sub.name == item), None)


def show_if_from_post(structure: FormStructure, name: str, post: Mapping[str, str]) -> dict | None:
    """The condition in the language's own syntax: `equals` one value, or `in` a list ("is not" = the other options)."""
    target_name = (post.get("show_if_field") or "").strip()
    if not target_name:
        return None
    op = post.get("show_if_op") or "equals"
    typed = [v.strip() for v in (post.get("show_if_value") or "").split(",") if v.strip()]
    if not typed:
        raise DefinitionInvalid([panel_problem(name, "show_if_value", "Enter the answer that shows this question")])
    field_name, _, item = target_name.partition(ITEM_CONDITION)
    target = condition_target(structure, target_name)
    choices = target.choices if target is not None else []

    def value_of(text: str) -> Any:
        for choice in choices:
            if text == choice_posted(choice.value) or text.lower() == choice.label.lower():
                return choice.value
        if target is not None and target.kind in ("integer", "number") and NUMBER_RE.fullmatch(text):
            return number_parse(text, integer=False)
        return text

    values = [value_of(t) for t in typed]
    if op == "not":
        if not choices:
            raise DefinitionInvalid(
                [panel_problem(name, "show_if_op", '"is not" needs a question with options; use "is" or "is one of"')]
            )
        others = [
            c.value
            for c in choices
            if not any(c.value is v or (c.value == v and type(c.value) is type(v)) for v in values)
        ]
        return {"field": field_name, **({"item": item} if item else {}), "in": others}
    if op == "in":
        return {"field": field_name, **({"item": item} if item else {}), "in": values}
    return {"field": field_name, **({"item": item} if item else {}), "equals": values[0]}
