"""Pages and questions of a form, worked out from its JSON Schema and UI schema."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from form_definitions.refs import property_deref
from form_definitions.widgets import Choice, schema_choices, widget_infer

__all__ = ["Choice", "FieldSpec", "PageSpec", "form_pages", "form_fields", "field_label", "answer_display"]

SINGLE_PAGE_ID = "form"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class FieldSpec:
    """Everything a page needs to render, read and check one question."""

    name: str
    label: str
    hint: str
    widget: str
    required: bool
    choices: list[Choice] = dc_field(default_factory=list)
    multiple: bool = False
    show_if: dict | None = None
    schema: dict = dc_field(default_factory=dict)
    accept: list[str] | None = None
    max_size_mb: float | None = None
    error_messages: dict = dc_field(default_factory=dict)
    date_rules: dict = dc_field(default_factory=dict)
    error_label: str = ""


@dataclass(frozen=True)
class PageSpec:
    """One page of questions; a form without `pages` has a single page."""

    id: str
    title: str
    fields: list[FieldSpec]


def form_pages(schema: dict, ui_schema: dict | None) -> list[PageSpec]:
    """The form's pages in order, each with its questions; assumes the definition passed the checks."""
    ui_schema = ui_schema or {}
    pages = ui_schema.get("pages")
    if pages:
        return [
            PageSpec(
                id=p["id"],
                title=p.get("title", ""),
                fields=[_field_spec(schema, ui_schema, name) for name in p.get("fields", [])],
            )
            for p in pages
        ]
    names = _names_in_order(schema, ui_schema)
    return [
        PageSpec(
            id=SINGLE_PAGE_ID,
            title=schema.get("title", ""),
            fields=[_field_spec(schema, ui_schema, name) for name in names],
        )
    ]


def form_fields(schema: dict, ui_schema: dict | None) -> list[FieldSpec]:
    """Every question, flattened across pages in the order a person answers them."""
    return [f for page in form_pages(schema, ui_schema) for f in page.fields]


def _names_in_order(schema: dict, ui_schema: dict) -> list[str]:
    properties = list(schema.get("properties", {}))
    order = [n for n in ui_schema.get("order") or [] if n in properties]
    return order + [n for n in properties if n not in order]


def field_label(schema: dict, ui_schema: dict | None, name: str) -> str:
    """The question's label: UI schema `label`, else the property's `title`, else its name made readable."""
    ui = ((ui_schema or {}).get("fields") or {}).get(name) or {}
    prop = property_deref(schema, schema.get("properties", {}).get(name))
    return ui.get("label") or prop.get("title") or name.replace("_", " ").capitalize()


def _field_spec(schema: dict, ui_schema: dict, name: str) -> FieldSpec:
    ui = (ui_schema.get("fields") or {}).get(name) or {}
    prop = property_deref(schema, schema.get("properties", {}).get(name))
    widget = ui.get("widget") or widget_infer(prop)
    multiple = widget == "checkboxes"
    choices = schema_choices(prop.get("items") if multiple else prop)
    return FieldSpec(
        name=name,
        label=field_label(schema, ui_schema, name),
        hint=ui.get("hint") or prop.get("description") or "",
        widget=widget,
        required=name in (schema.get("required") or []),
        choices=choices,
        multiple=multiple,
        show_if=ui.get("show_if"),
        schema=prop,
        accept=ui.get("accept"),
        max_size_mb=ui.get("max_size_mb"),
        error_messages=dict(ui.get("errors") or {}),
        date_rules=dict(ui.get("date_rules") or {}),
        error_label=ui.get("error_label") or "",
    )


def answer_display(field: FieldSpec, value: Any) -> str:
    """An answer as a person reads it: choice labels, "5 March 2026", Yes/No, lists joined with ", "."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(answer_display(field, item) for item in value)
    for choice in field.choices:
        if type(choice.value) is type(value) and choice.value == value:
            return choice.label
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return _object_display(value)
    if isinstance(value, str) and (field.widget == "date" or field.schema.get("format") == "date"):
        return _date_display(value)
    return str(value)


def _date_display(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return value  # not a real date: show what was typed rather than hide it
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _object_display(value: dict) -> str:
    # File references carry a name; locations and other objects list their parts.
    for key in ("name", "filename", "label"):
        if isinstance(value.get(key), str):
            return value[key]
    return ", ".join(str(v) for v in value.values() if v not in (None, ""))
