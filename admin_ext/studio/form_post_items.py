"""A repeatable group's item questions as its panel posts them: one row of inputs each, prefixed `item-<name>-`."""

from __future__ import annotations

from collections.abc import Mapping

from councilflow.errors import DefinitionInvalid, DefinitionProblem

from .form_edit_inputs import ItemInput, QuestionInput
from .form_model import FormStructure, item_questions
from .form_panel_words import ITEM_MOVE, ITEM_NEW, item_prefix
from .form_post_question import question_fields_from_post


def items_from_post(structure: FormStructure, group: str, post: Mapping[str, str], *, welsh: bool) -> list[ItemInput]:
    """Each item question's row in the order posted (a Move button moves its row one place), then the new one."""
    stored = {q.name: q for q in item_questions(structure.questions[group])} if group in structure.questions else {}
    entries: list[ItemInput] = []
    problems: list[DefinitionProblem] = []
    names = [n for n in (post.get("item_names") or "").split(",") if n]
    for sub_name in names:
        prefix = item_prefix(sub_name)
        sub_post = {k[len(prefix) :]: v for k, v in post.items() if k.startswith(prefix)}
        if sub_post.get("remove"):
            entries.append(ItemInput(name=sub_name, data=QuestionInput(label="", widget="text"), remove=True))
            continue
        try:
            data = question_fields_from_post(structure, stored.get(sub_name), sub_post, welsh=welsh)
        except DefinitionInvalid as exc:
            problems += _moved(
                exc.problems, f"/studio/{stored[sub_name].name if sub_name in stored else 'new'}/", group, prefix
            )
            continue
        entries.append(ItemInput(name=sub_name, data=data))
    entries = _moved_entry(entries, post.get(ITEM_MOVE) or "")
    new_post = {k[len(ITEM_NEW) :]: v for k, v in post.items() if k.startswith(ITEM_NEW)}
    if (new_post.get("label") or "").strip():
        try:
            entries.append(ItemInput(name="", data=question_fields_from_post(structure, None, new_post, welsh=False)))
        except DefinitionInvalid as exc:
            problems += _moved(exc.problems, "/studio/new/", group, ITEM_NEW)
    if problems:
        raise DefinitionInvalid(problems)
    return entries


def _moved(problems: list[DefinitionProblem], old: str, group: str, prefix: str) -> list[DefinitionProblem]:
    """An item question's problems at its inputs in the group's panel: /studio/<group>/item-<name>-<input>."""
    return [DefinitionProblem(p.path.replace(old, f"/studio/{group}/{prefix}", 1), p.message) for p in problems]


def _moved_entry(entries: list[ItemInput], move: str) -> list[ItemInput]:
    """`<item question>:up` / `:down` swaps that row with its neighbour; at the top or bottom nothing moves."""
    name, _, direction = move.rpartition(":")
    index = next((i for i, e in enumerate(entries) if e.name == name), None)
    if index is None or direction not in ("up", "down"):
        return entries  # no move, or a drag (":placed"): the rows' posted order is the new order
    other = index + (-1 if direction == "up" else 1)
    if 0 <= other < len(entries):
        entries[index], entries[other] = entries[other], entries[index]
    return entries
