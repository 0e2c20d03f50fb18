"""Finding and naming the parts an edit works on; a part that is not there is refused at its path."""

from __future__ import annotations

import re
from typing import Any

from councilflow.errors import DefinitionInvalid, DefinitionProblem

from .form_model import FormStructure, Page, Question

NAME_RE = re.compile(r"[^a-z0-9]+")


def edit_refuse(path: str, message: str) -> DefinitionInvalid:
    return DefinitionInvalid([DefinitionProblem(path, message)])


def question_find(structure: FormStructure, name: str) -> Question:
    question = structure.questions.get(name)
    if question is None:
        raise edit_refuse(f"/ui_schema/fields/{name}", f'there is no question "{name}"')
    return question


def page_find(structure: FormStructure, page_id: str) -> tuple[int, Page]:
    for index, page in enumerate(structure.pages):
        if page.id == page_id:
            return index, page
    raise edit_refuse("/ui_schema/pages", f'there is no page "{page_id}"')


def name_from_label(label: str, taken: set[str] | dict) -> str:
    """A new answer key from the question's words: "Is it in water?" -> "is_it_in_water"."""
    base = NAME_RE.sub("_", label.lower()).strip("_")[:40].strip("_") or "question"
    if base[0].isdigit():
        base = f"q_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def page_id_from_title(title: str, taken: set[str]) -> str:
    base = NAME_RE.sub("-", title.lower()).strip("-")[:40].strip("-") or "page"
    page_id, n = base, 2
    while page_id in taken:
        page_id, n = f"{base}-{n}", n + 1
    return page_id


def value_set_or_drop(target: dict, key: str, value: Any) -> None:
    """Write `value` under `key`, or remove the key for an empty value (so an unchanged panel writes nothing)."""
    if value is None or value == "":
        target.pop(key, None)
    elif target.get(key) != value or type(target.get(key)) is not type(value):
        target[key] = value
