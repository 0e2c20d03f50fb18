"""The form builder's structure: pages of questions read from the stored `schema`/`ui_schema`, and back.

Pure functions, no Django. A question keeps its property schema and UI settings exactly as stored, so
`form_structure_to_json(form_structure_from_json(s, u)) == (s, u)`; the builder shows and edits named
parts of them. `question_unshown` lists what a question holds that the builder has no control for, so
a language feature the builder cannot show fails the round-trip test instead of being hidden.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from form_definitions.fields import SINGLE_PAGE_ID, field_label, item_order
from form_definitions.meta_ui import CUSTOMER_KEYS, FIELD_KEYS, ITEM_FIELD_KEYS
from form_definitions.widgets import schema_choices, schema_type, widget_infer

WELSH = "cy"
# Property keywords the question panel shows (editable, or listed read-only for location parts).
PROPERTY_KEYS_SHOWN = frozenset(
    {
        "type",
        "title",
        "description",
        "format",
        "enum",
        "oneOf",
        "items",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "properties",
        "required",
    }
)
ITEMS_KEYS_SHOWN = frozenset({"type", "enum", "oneOf"})
# Schema-level keys the builder shows: the rest (cross-question rules such as if/then) are listed read-only.
SCHEMA_KEYS_OWN = frozenset({"$schema", "type", "title", "required", "properties"})


@dataclass
class Question:
    """One question: its property schema and UI settings as stored, plus its Welsh wording."""

    name: str
    prop: dict
    ui: dict
    required: bool
    welsh: dict = field(default_factory=dict)
    label: str = ""

    @property
    def widget(self) -> str:
        return str(self.ui.get("widget") or widget_infer(self.prop))

    @property
    def kind(self) -> str | None:
        return schema_type(self.prop)

    @property
    def hint(self) -> str:
        return str(self.ui.get("hint") or self.prop.get("description") or "")

    @property
    def choices_schema(self) -> dict:
        """Where the options live: the items of a checkboxes question, else the property itself."""
        if self.widget == "checkboxes" and isinstance(self.prop.get("items"), dict):
            return self.prop["items"]
        return self.prop

    @property
    def choices(self) -> list:
        return schema_choices(self.choices_schema)

    @property
    def yes_no(self) -> bool:
        return self.kind == "boolean"


@dataclass
class Page:
    id: str
    title: str
    names: list[str]
    welsh_title: str = ""


@dataclass
class FormStructure:
    """The builder's view of a definition: questions by name, pages in order, and the parts kept as they are."""

    schema: dict  # the top level without `properties` (kept key for key)
    ui_rest: dict  # ui_schema without pages, fields and translations
    translations: dict  # ui_schema.translations without the Welsh pages and fields
    questions: dict[str, Question]
    pages: list[Page]
    paged: bool  # False: the stored ui_schema has no `pages` (one page, `order` kept)
    had_fields: bool
    had_welsh_fields: bool
    had_welsh_pages: bool

    @property
    def ordered(self) -> list[Question]:
        """Questions in the order a resident answers them."""
        return [self.questions[n] for page in self.pages for n in page.names]

    @property
    def customer(self) -> dict:
        return dict(self.ui_rest.get("customer") or {})

    @property
    def cross_rules(self) -> dict:
        """Schema-level rules across questions (e.g. if/then), shown read-only: expert mode edits them."""
        return {k: v for k, v in self.schema.items() if k not in SCHEMA_KEYS_OWN}

    @property
    def welsh_title(self) -> str:
        welsh = self.translations.get(WELSH)
        return str(welsh.get("title") or "") if isinstance(welsh, dict) else ""

    def questions_have_welsh(self) -> bool:
        return self.had_welsh_fields or self.had_welsh_pages or any(q.welsh for q in self.questions.values())

    def page_of(self, name: str) -> Page | None:
        return next((p for p in self.pages if name in p.names), None)


def form_structure_from_json(schema: dict, ui_schema: dict | None) -> FormStructure:
    """Read a checked definition into pages and questions (nothing is dropped or normalised)."""
    schema = copy.deepcopy(schema)
    ui = copy.deepcopy(ui_schema or {})
    properties = schema.pop("properties", {})
    required = schema.get("required") or []
    fields = ui.pop("fields", None)
    translations = ui.pop("translations", None)
    translations = {} if translations is None else translations
    welsh = translations.get(WELSH) if isinstance(translations.get(WELSH), dict) else {}
    welsh_fields = welsh.pop("fields", None) if welsh else None
    welsh_pages = welsh.pop("pages", None) if welsh else None
    pages_json = ui.pop("pages", None)
    full = {**schema, "properties": properties}
    questions = {
        name: Question(
            name=name,
            prop=prop,
            ui=(fields or {}).get(name) or {},
            required=name in required,
            welsh=(welsh_fields or {}).get(name) or {},
            label=field_label(full, {"fields": fields or {}}, name),
        )
        for name, prop in properties.items()
    }
    if pages_json is not None:
        pages = [
            Page(
                id=p["id"], title=p["title"], names=list(p["fields"]), welsh_title=(welsh_pages or {}).get(p["id"], "")
            )
            for p in pages_json
        ]
    else:
        names = _order_shown(ui.get("order"), list(properties))
        pages = [Page(id=SINGLE_PAGE_ID, title=str(schema.get("title") or ""), names=names)]
    return FormStructure(
        schema=schema,
        ui_rest=ui,
        translations=translations,
        questions=questions,
        pages=pages,
        paged=pages_json is not None,
        had_fields=fields is not None,
        had_welsh_fields=welsh_fields is not None,
        had_welsh_pages=welsh_pages is not None,
    )


def form_structure_to_json(structure: FormStructure) -> tuple[dict, dict]:
    """The structure as the `schema` and `ui_schema` the engine runs; the inverse of form_structure_from_json."""
    schema = copy.deepcopy(structure.schema)
    schema["properties"] = {name: copy.deepcopy(q.prop) for name, q in structure.questions.items()}
    stored_required = [
        n for n in schema.get("required") or [] if n in structure.questions and structure.questions[n].required
    ]
    new_required = [n for n, q in structure.questions.items() if q.required and n not in stored_required]
    if stored_required or new_required or "required" in schema:
        schema["required"] = stored_required + new_required
    ui = copy.deepcopy(structure.ui_rest)
    if structure.paged:
        ui.pop("order", None)
        ui["pages"] = [{"id": p.id, "title": p.title, "fields": list(p.names)} for p in structure.pages]
    elif structure.pages[0].names != _order_shown(ui.get("order"), list(structure.questions)):
        ui["order"] = list(structure.pages[0].names)  # moved in the builder: the order is now written out
    fields = {n: copy.deepcopy(q.ui) for n, q in structure.questions.items() if q.ui}
    if fields or structure.had_fields:
        ui["fields"] = fields
    translations = copy.deepcopy(structure.translations)
    welsh = translations.get(WELSH) if isinstance(translations.get(WELSH), dict) else None
    welsh_fields = {n: copy.deepcopy(q.welsh) for n, q in structure.questions.items() if q.welsh}
    welsh_pages = {p.id: p.welsh_title for p in structure.pages if p.welsh_title} if structure.paged else {}
    if welsh_fields or welsh_pages or structure.had_welsh_fields or structure.had_welsh_pages:
        welsh = {} if welsh is None else welsh
        if welsh_fields or structure.had_welsh_fields:
            welsh["fields"] = welsh_fields
        if welsh_pages or structure.had_welsh_pages:
            welsh["pages"] = welsh_pages
        translations[WELSH] = welsh
    if translations:
        ui["translations"] = translations
    return schema, ui


def _order_shown(order: Any, names: list[str]) -> list[str]:
    """A one-page form's question order: `order` first, then the rest in schema order (as form_pages does)."""
    listed = [n for n in order or [] if n in names]
    return listed + [n for n in names if n not in listed]


def item_questions(group: Question) -> list[Question]:
    """A repeatable group's item questions in order (`item_order`, then schema order) as questions of their own
    (property, item_fields settings, required, Welsh from the group's `translations.cy.fields.<group>.items`)."""
    items: dict = group.prop["items"] if isinstance(group.prop.get("items"), dict) else {}
    required = items.get("required") or []
    settings = group.ui.get("item_fields") or {}
    welsh = (group.welsh or {}).get("items") or {}
    properties = items.get("properties") or {}
    return [
        Question(
            name=sub,
            prop=sub_prop,
            ui=settings.get(sub) or {},
            required=sub in required,
            welsh=welsh.get(sub) or {},
            label=(settings.get(sub) or {}).get("label") or sub_prop.get("title") or sub.replace("_", " ").capitalize(),
        )
        for sub, sub_prop in ((n, properties[n]) for n in item_order(group.ui, properties))
    ]


def question_unshown(question: Question) -> list[str]:
    """Keys of this question the builder has no control for (the round-trip test wants none)."""
    unshown = [f"schema:{k}" for k in question.prop if k not in PROPERTY_KEYS_SHOWN]
    items = question.prop.get("items")
    group = question.widget == "repeat"
    if isinstance(items, dict):
        shown = ITEMS_KEYS_SHOWN | {"properties", "required"} if group else ITEMS_KEYS_SHOWN
        unshown += [f"schema:items.{k}" for k in items if k not in shown]
    unshown += [f"ui:{k}" for k in question.ui if k not in FIELD_KEYS]
    welsh_keys = ("label", "hint", "errors", "choices", *(("item_label", "items") if group else ()))
    unshown += [f"welsh:{k}" for k in question.welsh if k not in welsh_keys]
    if group:  # an item question shows what a question shows, less conditions, date rules and files
        for sub in item_questions(question):
            unshown += [f"item {sub.name}: {k}" for k in question_unshown(sub)]
            unshown += [f"item {sub.name}: ui:{k}" for k in sub.ui if k not in ITEM_FIELD_KEYS]
    return unshown


def customer_roles(structure: FormStructure) -> dict[str, str]:
    """Question name -> the resident detail it is (name, email...), for the question list."""
    return {str(name): role for role, name in structure.customer.items() if role in CUSTOMER_KEYS}


def choice_posted(value: Any) -> str:
    """An option value as the portal posts it (booleans are "true"/"false"); Welsh choices are keyed by it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
