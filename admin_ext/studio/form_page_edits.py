"""Builder edits on pages: add (with its first question), retitle, move, remove. Same contract as question edits."""

from __future__ import annotations

from councilflow.errors import DefinitionInvalid, DefinitionProblem

from .form_edit_find import edit_refuse, page_find, page_id_from_title
from .form_edit_inputs import Direction
from .form_model import FormStructure, Page, form_structure_from_json, form_structure_to_json
from .form_question_edits import question_drop, question_new


def _ensure_paged(structure: FormStructure) -> None:
    """Adding or moving pages on a one-page form (no `pages`) turns its single page into a real one."""
    if structure.paged:
        return
    structure.paged = True
    structure.ui_rest.pop("order", None)
    page = structure.pages[0]
    page.title = page.title or "Questions"


def form_page_add(
    schema: dict, ui_schema: dict | None, *, title: str, label: str, widget: str, after: str | None = None
) -> tuple[dict, dict]:
    """A page needs a question (the language refuses empty pages), so a new page comes with its first."""
    structure = form_structure_from_json(schema, ui_schema)
    if not title.strip():
        raise edit_refuse("/studio/new_page/title", "Enter the page title")
    _ensure_paged(structure)
    page = Page(id=page_id_from_title(title, {p.id for p in structure.pages}), title=title.strip(), names=[])
    position = len(structure.pages) if after is None else page_find(structure, after)[0] + 1
    structure.pages.insert(position, page)
    try:
        question_new(structure, page, label=label, widget=widget, data=None)
    except DefinitionInvalid as exc:
        raise DefinitionInvalid(
            [DefinitionProblem(p.path.replace("/studio/new/", "/studio/new_page/"), p.message) for p in exc.problems]
        ) from exc
    return form_structure_to_json(structure)


def form_page_update(
    schema: dict, ui_schema: dict | None, *, page_id: str, title: str, welsh_title: str | None = None
) -> tuple[dict, dict]:
    structure = form_structure_from_json(schema, ui_schema)
    index, page = page_find(structure, page_id)
    if not structure.paged:
        structure.schema["title"] = title  # a one-page form is headed by the schema's title
        page.title = title
    else:
        page.title = title
    if welsh_title is not None and structure.paged:
        page.welsh_title = welsh_title.strip()
    return form_structure_to_json(structure)


def form_page_move(schema: dict, ui_schema: dict | None, *, page_id: str, direction: Direction) -> tuple[dict, dict]:
    structure = form_structure_from_json(schema, ui_schema)
    index, page = page_find(structure, page_id)
    other = index + (-1 if direction == "up" else 1)
    if 0 <= other < len(structure.pages):
        structure.pages[index], structure.pages[other] = structure.pages[other], page
    return form_structure_to_json(structure)


def form_page_remove(schema: dict, ui_schema: dict | None, *, page_id: str) -> tuple[dict, dict]:
    """The page and the questions on it."""
    structure = form_structure_from_json(schema, ui_schema)
    _index, page = page_find(structure, page_id)
    for name in list(page.names):
        question_drop(structure, name)
    structure.pages.remove(page)
    return form_structure_to_json(structure)
