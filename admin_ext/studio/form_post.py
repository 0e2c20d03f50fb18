"""The question panel as posted: the question's own inputs, then a group's item questions, as one typed edit.

`question_initial` (form_initial.py) and `question_input_from_post` are inverses: posting a panel unchanged
changes no JSON (the round-trip test posts every library question back).
"""

from __future__ import annotations

from collections.abc import Mapping

from councilflow.errors import DefinitionInvalid, DefinitionProblem

from .form_edit_inputs import QuestionInput
from .form_model import FormStructure, Question
from .form_post_items import items_from_post
from .form_post_question import question_fields_from_post


def question_input_from_post(
    structure: FormStructure, question: Question | None, post: Mapping[str, str], *, welsh: bool
) -> QuestionInput:
    """Typed values from the panel; DefinitionInvalid with every problem (paths under /studio/<name>/<input>)."""
    problems: list[DefinitionProblem] = []
    data = None
    try:
        data = question_fields_from_post(structure, question, post, welsh=welsh)
    except DefinitionInvalid as exc:
        problems += exc.problems
    items = None
    if (post.get("widget") or "").strip() == "repeat" and question is not None and "item_names" in post:
        try:
            items = items_from_post(structure, question.name, post, welsh=welsh)
        except DefinitionInvalid as exc:
            problems += exc.problems
    if problems or data is None:
        raise DefinitionInvalid(problems)
    data.items = items
    return data
