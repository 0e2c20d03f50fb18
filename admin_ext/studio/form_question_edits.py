"""Builder edits on questions: each takes a definition's `schema`/`ui_schema` and returns the new pair.

The caller runs the result through `form_definition_check` before saving: these services never check the
language themselves (they only refuse what they cannot express, with the path of the input at fault).
"""

from __future__ import annotations

from .form_edit_find import edit_refuse, name_from_label, page_find, question_find
from .form_edit_inputs import Direction, QuestionInput
from .form_item_edits import items_apply
from .form_kinds import BUILDER_WIDGETS, CHOICE_WIDGETS, kind_shape
from .form_model import FormStructure, Page, Question, form_structure_from_json, form_structure_to_json
from .form_question_apply import options_write, question_apply


def question_edit_apply(question: Question, data: QuestionInput) -> None:
    """The whole panel: the question itself, then a group's item questions."""
    question_apply(question, data)
    if data.widget == "repeat" and data.items is not None:
        items_apply(question, data.items)


def form_question_update(schema: dict, ui_schema: dict | None, *, name: str, data: QuestionInput) -> tuple[dict, dict]:
    structure = form_structure_from_json(schema, ui_schema)
    question_edit_apply(question_find(structure, name), data)
    return form_structure_to_json(structure)


def form_question_add(
    schema: dict, ui_schema: dict | None, *, page_id: str, label: str, widget: str, data: QuestionInput | None = None
) -> tuple[dict, dict]:
    """A new question at the end of the page; its answer key comes from its words."""
    structure = form_structure_from_json(schema, ui_schema)
    _index, page = page_find(structure, page_id)
    question_new(structure, page, label=label, widget=widget, data=data)
    return form_structure_to_json(structure)


def question_new(
    structure: FormStructure, page: Page, *, label: str, widget: str, data: QuestionInput | None
) -> Question:
    if not label.strip():
        raise edit_refuse("/studio/new/label", "Enter the question")
    if widget not in BUILDER_WIDGETS:
        raise edit_refuse("/studio/new/widget", "Choose what kind of question it is")
    name = name_from_label(label, structure.questions)
    question = Question(name=name, prop=kind_shape({}, widget, integer_only=False), ui={}, required=False, label="")
    if widget in CHOICE_WIDGETS:
        target = question.prop["items"] if widget == "checkboxes" else question.prop
        options_write(target, [("option_1", "Option 1"), ("option_2", "Option 2")], as_enum=False)
    question_edit_apply(question, data or QuestionInput(label=label.strip(), widget=widget))
    structure.questions[name] = question
    page.names.append(name)
    return question


def form_question_move(schema: dict, ui_schema: dict | None, *, name: str, direction: Direction) -> tuple[dict, dict]:
    """One place up or down; from the top or bottom of a page it goes to the end or start of the next page."""
    structure = form_structure_from_json(schema, ui_schema)
    question_find(structure, name)
    pages = structure.pages
    page = structure.page_of(name)
    if page is None:
        raise edit_refuse(f"/ui_schema/fields/{name}", "is not on any page")
    index = page.names.index(name)
    step = -1 if direction == "up" else 1
    if 0 <= index + step < len(page.names):
        page.names[index], page.names[index + step] = page.names[index + step], page.names[index]
    else:
        neighbour = pages.index(page) + step
        if not 0 <= neighbour < len(pages):
            return form_structure_to_json(structure)  # already first or last: nothing to do
        page.names.remove(name)
        if direction == "up":
            pages[neighbour].names.append(name)
        else:
            pages[neighbour].names.insert(0, name)
    return form_structure_to_json(structure)


def form_question_place(
    schema: dict, ui_schema: dict | None, *, name: str, page_id: str, index: int
) -> tuple[dict, dict]:
    """Put the question at `index` on a page (what a drag and drop asks for; the buttons move one place)."""
    structure = form_structure_from_json(schema, ui_schema)
    question_find(structure, name)
    _position, target = page_find(structure, page_id)
    for page in structure.pages:
        if name in page.names:
            page.names.remove(name)
    target.names.insert(max(0, min(index, len(target.names))), name)
    return form_structure_to_json(structure)


def form_question_remove(schema: dict, ui_schema: dict | None, *, name: str) -> tuple[dict, dict]:
    """The question, its settings, Welsh wording and customer role go; conditions on it are the check's to report."""
    structure = form_structure_from_json(schema, ui_schema)
    question_find(structure, name)
    question_drop(structure, name)
    return form_structure_to_json(structure)


def question_drop(structure: FormStructure, name: str) -> None:
    del structure.questions[name]
    for page in structure.pages:
        if name in page.names:
            page.names.remove(name)
    if not structure.paged and "order" in structure.ui_rest:
        structure.ui_rest["order"] = [n for n in structure.ui_rest["order"] if n != name]
    customer = structure.ui_rest.get("customer")
    if isinstance(customer, dict):
        for role in [r for r, n in customer.items() if n == name]:
            del customer[role]
