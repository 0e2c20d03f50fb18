"""Builder edits: each takes a definition's `schema`/`ui_schema` and returns the new pair, changing only what it names.

The caller runs the result through `form_definition_check` before saving: these services never check the
language themselves (they only refuse what they cannot express, with the path of the input at fault).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from councilflow.errors import DefinitionInvalid, DefinitionProblem
from form_definitions.map_point import MAP_LOCATION_PROPERTIES
from form_definitions.widgets import widget_infer

from .form_model import (
    FormStructure,
    Page,
    Question,
    form_structure_from_json,
    form_structure_to_json,
    item_questions,
)

Direction = Literal["up", "down"]
# The builder's question kinds: every widget of the language, with "yesno" a radios question on a boolean.
BUILDER_WIDGETS = {
    "text": "Text, one line",
    "textarea": "Text, several lines",
    "address": "Postal address",
    "email": "Email address",
    "tel": "Phone number",
    "postcode": "Postcode",
    "date": "Date",
    "number": "Number",
    "yesno": "Yes or no",
    "radios": "Choose one (radios)",
    "select": "Choose one (drop-down)",
    "checkboxes": "Choose any (checkboxes)",
    "file": "File or photo upload",
    "files": "Several files or photos",
    "repeat": "Repeatable group (add another)",
    "location": "Location",
    "address_lookup": "Find an address (postcode lookup, keeps the UPRN)",
    "map_location": "Point on a map (or described in words)",
}
STRING_WIDGETS = frozenset({"text", "textarea", "address", "email", "tel", "postcode", "date"})
CHOICE_WIDGETS = frozenset({"radios", "select", "checkboxes"})
STRING_RULES = ("minLength", "maxLength", "pattern")
NUMBER_RULES = ("minimum", "maximum")
ARRAY_RULES = ("minItems", "maxItems")
CHOICE_KEYS = ("enum", "oneOf", "anyOf")
FILE_WIDGETS = frozenset({"file", "files"})
# A repeatable group's item questions: the one-value kinds (the language refuses files, locations, groups).
ITEM_WIDGETS = frozenset(
    {
        "text",
        "textarea",
        "address",
        "email",
        "tel",
        "postcode",
        "date",
        "number",
        "yesno",
        "radios",
        "select",
        "checkboxes",
    }
)
NEW_FILES_MOST = 3
NEW_REPEAT_MOST = 5
NAME_RE = re.compile(r"[^a-z0-9]+")


@dataclass
class QuestionInput:
    """What the question panel posts, already typed (see form_post.py)."""

    label: str
    widget: str
    hint: str = ""
    required: bool = False
    options: list[tuple[Any, str]] | None = None  # None: leave the options as they are
    options_enum: bool = False  # value == label for every option: written as `enum`
    integer_only: bool = False
    rules: dict[str, Any] = field(default_factory=dict)  # minLength, maxLength, pattern, minimum... None removes
    errors: dict[str, str] = field(default_factory=dict)  # keyword -> message; "" removes
    show_if: dict | None = None
    accept: list[str] | None = None
    max_size_mb: float | None = None
    date_rules: dict[str, Any] | None = None  # a date question's rules (form language's date_rules); None: as they are
    welsh: dict[str, Any] | None = None  # label, hint, errors {kw: msg}, choices {posted value: label}
    item_label: str | None = None  # a repeatable group's "Bin" ("Add another bin"); None: as it is
    items: list[ItemInput] | None = None  # a repeatable group's item questions in order; None: as they are


@dataclass
class ItemInput:
    """One item question of a repeatable group: its own panel values (no conditions or Welsh: the language has none)."""

    name: str  # an existing item question, or "" for a new one (named from its label)
    data: QuestionInput
    remove: bool = False


def builder_widget(question: Question) -> str:
    """The builder kind of a stored question ("yesno" for a boolean)."""
    return "yesno" if question.yes_no and question.widget == "radios" else question.widget


def _refuse(path: str, message: str) -> DefinitionInvalid:
    return DefinitionInvalid([DefinitionProblem(path, message)])


def _question(structure: FormStructure, name: str) -> Question:
    question = structure.questions.get(name)
    if question is None:
        raise _refuse(f"/ui_schema/fields/{name}", f'there is no question "{name}"')
    return question


def _page(structure: FormStructure, page_id: str) -> tuple[int, Page]:
    for index, page in enumerate(structure.pages):
        if page.id == page_id:
            return index, page
    raise _refuse("/ui_schema/pages", f'there is no page "{page_id}"')


def name_from_label(label: str, taken: set[str] | dict) -> str:
    """A new answer key from the question's words: "Is it in water?" -> "is_it_in_water"."""
    base = NAME_RE.sub("_", label.lower()).strip("_")[:40].strip("_") or "question"
    if base[0].isdigit():
        base = f"q_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def _page_id_from_title(title: str, taken: set[str]) -> str:
    base = NAME_RE.sub("-", title.lower()).strip("-")[:40].strip("-") or "page"
    page_id, n = base, 2
    while page_id in taken:
        page_id, n = f"{base}-{n}", n + 1
    return page_id


def _ensure_paged(structure: FormStructure) -> None:
    """Adding or moving pages on a one-page form (no `pages`) turns its single page into a real one."""
    if structure.paged:
        return
    structure.paged = True
    structure.ui_rest.pop("order", None)
    page = structure.pages[0]
    page.title = page.title or "Questions"


def _shape(prop: dict, widget: str, *, integer_only: bool) -> dict:
    """The property's type for a newly chosen kind; keywords that no longer apply are dropped."""
    prop = dict(prop)
    drop: tuple[str, ...] = ()
    if widget in STRING_WIDGETS:
        prop["type"] = "string"
        drop = CHOICE_KEYS + ("items", "properties", "required", *NUMBER_RULES, *ARRAY_RULES)
        if widget in ("email", "date"):
            prop["format"] = widget
        elif prop.get("format") in ("email", "date"):
            drop += ("format",)
    elif widget == "number":
        prop["type"] = "integer" if integer_only else "number"
        drop = CHOICE_KEYS + ("items", "format", "properties", "required", *STRING_RULES, *ARRAY_RULES)
    elif widget == "yesno":
        prop["type"] = "boolean"
        drop = CHOICE_KEYS + ("items", "format", "properties", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget in ("radios", "select"):
        prop["type"] = "string"
        drop = ("items", "format", "properties", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "checkboxes":
        prop["type"] = "array"
        if not isinstance(prop.get("items"), dict) or prop["items"].get("type") not in ("string", "integer", "number"):
            prop["items"] = {"type": "string"}  # a group's or files' object items cannot hold options
        drop = CHOICE_KEYS + ("format", "properties", "required", *STRING_RULES, *NUMBER_RULES)
    elif widget == "file":
        prop["type"] = "object"
        drop = CHOICE_KEYS + ("items", "format", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "files":
        prop["type"] = "array"
        prop["items"] = {"type": "object"}
        prop.setdefault("maxItems", NEW_FILES_MOST)
        drop = CHOICE_KEYS + ("format", "properties", "required", *STRING_RULES, *NUMBER_RULES)
    elif widget == "repeat":
        prop["type"] = "array"
        prop["items"] = {"type": "object", "properties": {"details": {"type": "string", "title": "Details"}}}
        prop.setdefault("maxItems", NEW_REPEAT_MOST)
        drop = CHOICE_KEYS + ("format", "properties", "required", *STRING_RULES, *NUMBER_RULES)
    elif widget == "address_lookup":
        prop["type"] = "object"
        drop = CHOICE_KEYS + ("items", "format", "properties", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "map_location":
        prop["type"] = "object"
        prop["properties"] = copy.deepcopy(MAP_LOCATION_PROPERTIES)
        drop = CHOICE_KEYS + ("items", "format", "required", *STRING_RULES, *NUMBER_RULES, *ARRAY_RULES)
    elif widget == "location":
        prop["type"] = "string" if prop.get("type") != "object" else "object"
        drop = CHOICE_KEYS + ("items", "format", *NUMBER_RULES, *ARRAY_RULES)
    for key in drop:
        prop.pop(key, None)
    return prop


def _options_write(target: dict, options: list[tuple[Any, str]], *, as_enum: bool) -> None:
    for key in CHOICE_KEYS:
        target.pop(key, None)
    if as_enum:
        target["enum"] = [value for value, _label in options]
    else:
        target["oneOf"] = [{"const": value, "title": label} for value, label in options]


def _set_or_drop(target: dict, key: str, value: Any) -> None:
    if value is None or value == "":
        target.pop(key, None)
    elif target.get(key) != value or type(target.get(key)) is not type(value):
        target[key] = value


def _label_write(question: Question, label: str) -> None:
    if label == question.label:
        return
    if "label" in question.ui:
        question.ui["label"] = label
    else:
        question.prop["title"] = label
    question.label = label


def _hint_write(question: Question, hint: str) -> None:
    if hint == question.hint:
        return
    if "description" in question.prop and "hint" not in question.ui:
        _set_or_drop(question.prop, "description", hint)
    else:
        _set_or_drop(question.ui, "hint", hint)


def _welsh_write(question: Question, welsh: dict[str, Any]) -> None:
    words = question.welsh
    for key in ("label", "hint"):
        _set_or_drop(words, key, (welsh.get(key) or "").strip())
    for key in ("errors", "choices"):
        if key not in welsh:
            continue
        merged = {**(words.get(key) or {})}
        for item, text in welsh[key].items():
            _set_or_drop(merged, item, text.strip())
        _set_or_drop(words, key, merged or None)


def question_apply(question: Question, data: QuestionInput) -> None:
    """Write the panel's values into the stored property and UI settings, leaving everything else as it was."""
    widget = data.widget
    if widget not in BUILDER_WIDGETS:
        raise _refuse(f"/ui_schema/fields/{question.name}/widget", f'"{widget}" is not a kind of question')
    old_widget = builder_widget(question)
    integer_changed = widget == "number" and (question.kind == "integer") != data.integer_only
    if widget != old_widget or integer_changed:
        question.prop = _shape(question.prop, widget, integer_only=data.integer_only)
    ui_widget = "radios" if widget == "yesno" else widget
    if "widget" in question.ui or ui_widget != widget_infer(question.prop):
        question.ui["widget"] = ui_widget
    _label_write(question, data.label)
    _hint_write(question, data.hint)
    question.required = data.required
    if widget in CHOICE_WIDGETS and data.options is not None:
        target = question.prop["items"] if widget == "checkboxes" else question.prop
        current = [(c.value, c.label) for c in question.choices] if widget == old_widget else None
        if current != data.options or ("enum" in target) != data.options_enum:
            _options_write(target, data.options, as_enum=data.options_enum)
    for key, value in data.rules.items():
        _set_or_drop(question.prop, key, value)
    errors = dict(question.ui.get("errors") or {})
    for keyword, message in data.errors.items():
        _set_or_drop(errors, keyword, message.strip())
    _set_or_drop(question.ui, "errors", errors or None)
    _set_or_drop(question.ui, "show_if", data.show_if)
    if widget in FILE_WIDGETS:
        _set_or_drop(question.ui, "accept", data.accept or None)
        _set_or_drop(question.ui, "max_size_mb", data.max_size_mb)
    else:
        question.ui.pop("accept", None)
        question.ui.pop("max_size_mb", None)
    if widget == "repeat":
        if data.item_label is not None:
            _set_or_drop(question.ui, "item_label", data.item_label.strip())
        if data.items is not None:
            _items_apply(question, data.items)
    else:
        question.ui.pop("item_label", None)
        question.ui.pop("item_fields", None)
    if widget == "date":
        if data.date_rules is not None:
            _set_or_drop(question.ui, "date_rules", data.date_rules or None)
    else:
        question.ui.pop("date_rules", None)  # the rules only apply to dates; the check refuses them elsewhere
    if data.welsh is not None:
        _welsh_write(question, data.welsh)


def _items_apply(group: Question, inputs: list[ItemInput]) -> None:
    """Rewrite the group's item questions from the panel, keeping every key of an item the panel did not change."""
    items = group.prop.setdefault("items", {"type": "object"})
    existing = {q.name: q for q in item_questions(group)}
    kept: list[Question] = []
    for entry in inputs:
        if entry.remove:
            continue
        if entry.data.widget not in ITEM_WIDGETS:
            raise _refuse(f"/studio/{group.name}/item-{entry.name or 'new'}-widget", "Choose a kind an item can ask")
        if entry.name:
            sub = existing.get(entry.name)
            if sub is None:
                raise _refuse(
                    f"/studio/{group.name}/item-{entry.name}-label", f'there is no item question "{entry.name}"'
                )
        else:
            taken = {q.name for q in kept} | set(existing)
            sub = Question(
                name=name_from_label(entry.data.label, taken),
                prop=_shape({}, entry.data.widget, integer_only=False),
                ui={},
                required=False,
                label="",
            )
        question_apply(sub, entry.data)
        if entry.data.widget in CHOICE_WIDGETS and not sub.choices:  # new, or now a choice: options to edit next
            target = sub.prop["items"] if entry.data.widget == "checkboxes" else sub.prop
            _options_write(target, [("option_1", "Option 1"), ("option_2", "Option 2")], as_enum=False)
        sub.ui.pop("show_if", None)
        kept.append(sub)
    if not kept:
        raise _refuse(f"/studio/{group.name}/item_new-label", "A group needs at least one question for each item")
    items["properties"] = {q.name: q.prop for q in kept}
    stored = [n for n in items.get("required") or [] if any(q.name == n and q.required for q in kept)]
    required = stored + [q.name for q in kept if q.required and q.name not in stored]
    if required or "required" in items:
        items["required"] = required
    settings = {q.name: q.ui for q in kept if q.ui}
    _set_or_drop(group.ui, "item_fields", settings or None)


def _edit(schema: dict, ui_schema: dict | None) -> FormStructure:
    return form_structure_from_json(schema, ui_schema)


def form_question_update(schema: dict, ui_schema: dict | None, *, name: str, data: QuestionInput) -> tuple[dict, dict]:
    structure = _edit(schema, ui_schema)
    question_apply(_question(structure, name), data)
    return form_structure_to_json(structure)


def form_question_add(
    schema: dict, ui_schema: dict | None, *, page_id: str, label: str, widget: str, data: QuestionInput | None = None
) -> tuple[dict, dict]:
    """A new question at the end of the page; its answer key comes from its words."""
    structure = _edit(schema, ui_schema)
    _index, page = _page(structure, page_id)
    _question_new(structure, page, label=label, widget=widget, data=data)
    return form_structure_to_json(structure)


def _question_new(
    structure: FormStructure, page: Page, *, label: str, widget: str, data: QuestionInput | None
) -> Question:
    if not label.strip():
        raise _refuse("/studio/new/label", "Enter the question")
    if widget not in BUILDER_WIDGETS:
        raise _refuse("/studio/new/widget", "Choose what kind of question it is")
    name = name_from_label(label, structure.questions)
    question = Question(name=name, prop=_shape({}, widget, integer_only=False), ui={}, required=False, label="")
    if widget in CHOICE_WIDGETS:
        target = question.prop["items"] if widget == "checkboxes" else question.prop
        _options_write(target, [("option_1", "Option 1"), ("option_2", "Option 2")], as_enum=False)
    question_apply(question, data or QuestionInput(label=label.strip(), widget=widget))
    structure.questions[name] = question
    page.names.append(name)
    return question


def form_question_move(schema: dict, ui_schema: dict | None, *, name: str, direction: Direction) -> tuple[dict, dict]:
    """One place up or down; from the top or bottom of a page it goes to the end or start of the next page."""
    structure = _edit(schema, ui_schema)
    _question(structure, name)
    pages = structure.pages
    page = structure.page_of(name)
    if page is None:
        raise _refuse(f"/ui_schema/fields/{name}", "is not on any page")
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
    structure = _edit(schema, ui_schema)
    _question(structure, name)
    _position, target = _page(structure, page_id)
    for page in structure.pages:
        if name in page.names:
            page.names.remove(name)
    target.names.insert(max(0, min(index, len(target.names))), name)
    return form_structure_to_json(structure)


def form_question_remove(schema: dict, ui_schema: dict | None, *, name: str) -> tuple[dict, dict]:
    """The question, its settings, Welsh wording and customer role go; conditions on it are the check's to report."""
    structure = _edit(schema, ui_schema)
    _question(structure, name)
    _question_drop(structure, name)
    return form_structure_to_json(structure)


def _question_drop(structure: FormStructure, name: str) -> None:
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


def form_page_add(
    schema: dict, ui_schema: dict | None, *, title: str, label: str, widget: str, after: str | None = None
) -> tuple[dict, dict]:
    """A page needs a question (the language refuses empty pages), so a new page comes with its first."""
    structure = _edit(schema, ui_schema)
    if not title.strip():
        raise _refuse("/studio/new_page/title", "Enter the page title")
    _ensure_paged(structure)
    page = Page(id=_page_id_from_title(title, {p.id for p in structure.pages}), title=title.strip(), names=[])
    position = len(structure.pages) if after is None else _page(structure, after)[0] + 1
    structure.pages.insert(position, page)
    try:
        _question_new(structure, page, label=label, widget=widget, data=None)
    except DefinitionInvalid as exc:
        raise DefinitionInvalid(
            [DefinitionProblem(p.path.replace("/studio/new/", "/studio/new_page/"), p.message) for p in exc.problems]
        ) from exc
    return form_structure_to_json(structure)


def form_page_update(
    schema: dict, ui_schema: dict | None, *, page_id: str, title: str, welsh_title: str | None = None
) -> tuple[dict, dict]:
    structure = _edit(schema, ui_schema)
    index, page = _page(structure, page_id)
    if not structure.paged:
        structure.schema["title"] = title  # a one-page form is headed by the schema's title
        page.title = title
    else:
        page.title = title
    if welsh_title is not None and structure.paged:
        page.welsh_title = welsh_title.strip()
    return form_structure_to_json(structure)


def form_page_move(schema: dict, ui_schema: dict | None, *, page_id: str, direction: Direction) -> tuple[dict, dict]:
    structure = _edit(schema, ui_schema)
    index, page = _page(structure, page_id)
    other = index + (-1 if direction == "up" else 1)
    if 0 <= other < len(structure.pages):
        structure.pages[index], structure.pages[other] = structure.pages[other], page
    return form_structure_to_json(structure)


def form_page_remove(schema: dict, ui_schema: dict | None, *, page_id: str) -> tuple[dict, dict]:
    """The page and the questions on it."""
    structure = _edit(schema, ui_schema)
    _index, page = _page(structure, page_id)
    for name in list(page.names):
        _question_drop(structure, name)
    structure.pages.remove(page)
    return form_structure_to_json(structure)


def form_customer_update(schema: dict, ui_schema: dict | None, *, mapping: dict[str, str]) -> tuple[dict, dict]:
    """Which answers are the resident's name, email...; an empty choice removes that role."""
    structure = _edit(schema, ui_schema)
    customer = dict(structure.ui_rest.get("customer") or {})
    for role, name in mapping.items():
        _set_or_drop(customer, role, name or None)
    if customer or "customer" in structure.ui_rest:
        structure.ui_rest["customer"] = customer
    return form_structure_to_json(structure)


def form_welsh_title_update(schema: dict, ui_schema: dict | None, *, title: str) -> tuple[dict, dict]:
    """`translations.cy.title`: the name on Welsh pages when the service has no Welsh name of its own."""
    structure = _edit(schema, ui_schema)
    welsh = structure.translations.setdefault("cy", {})
    _set_or_drop(welsh, "title", title.strip())
    if not welsh and not structure.questions_have_welsh():
        structure.translations.pop("cy")
    return form_structure_to_json(structure)
