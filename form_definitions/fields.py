"""Pages and questions of a form, worked out from its JSON Schema and UI schema."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from form_definitions.address import address_line
from form_definitions.map_point import map_display
from form_definitions.refs import property_deref
from form_definitions.schema_kinds import Choice, schema_choices, widget_infer

__all__ = [
    "Choice",
    "FieldSpec",
    "PageSpec",
    "form_pages",
    "form_fields",
    "field_label",
    "answer_display",
    "item_specs",
    "item_key",
    "item_title",
]

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
    item_fields: tuple[FieldSpec, ...] = ()  # a repeatable group's questions, asked once per item
    item_label: str = ""  # what one item is called: "Bin" -> "Bin 1", "Add another bin"


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
    spec = _question_spec(name, ui, prop, required=name in (schema.get("required") or []))
    if spec.widget != "repeat":
        return spec
    items = property_deref(schema, prop.get("items"))
    sub_ui = ui.get("item_fields") or {}
    sub_props = items.get("properties") or {}
    return dataclasses.replace(
        spec,
        item_label=ui.get("item_label") or "Item",
        item_fields=tuple(
            _question_spec(
                sub,
                sub_ui.get(sub) or {},
                property_deref(schema, sub_prop),
                required=sub in (items.get("required") or []),
            )
            for sub, sub_prop in ((n, sub_props[n]) for n in item_order(ui, sub_props))
        ),
    )


def item_order(ui: dict, item_properties: dict) -> list[str]:
    """A group's item questions in order: `item_order` first, then the rest in schema order (as `order` does for
    a one-page form). PostgreSQL's jsonb keeps no key order, so a moved item question's place is written out."""
    listed = [n for n in ui.get("item_order") or [] if n in item_properties]
    return listed + [n for n in item_properties if n not in listed]


def _question_spec(name: str, ui: dict, prop: dict, *, required: bool) -> FieldSpec:
    widget = ui.get("widget") or widget_infer(prop)
    multiple = widget == "checkboxes"
    choices = schema_choices(prop.get("items") if multiple else prop)
    return FieldSpec(
        name=name,
        label=ui.get("label") or prop.get("title") or name.replace("_", " ").capitalize(),
        hint=ui.get("hint") or prop.get("description") or "",
        widget=widget,
        required=required,
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


def item_specs(field: FieldSpec, index: int) -> list[FieldSpec]:
    """Item `index` of a repeatable group as questions of their own, named `<group>-<index>-<question>`."""
    return [dataclasses.replace(sub, name=item_key(field.name, index, sub.name)) for sub in field.item_fields]


def item_key(group: str, index: int, question: str) -> str:
    """The input name and error key of one item's question: `bins-0-colour`."""
    return f"{group}-{index}-{question}"


def item_title(field: FieldSpec, index: int) -> str:
    """ "Bin 2": the item's heading, counted from 1."""
    return f"{field.item_label} {index + 1}"


def answer_display(field: FieldSpec, value: Any) -> str:
    """An answer as a person reads it: choice labels, "5 March 2026", Yes/No, lists joined with ", ".

    A repeatable group is one line per item: "Bin 1: General waste, by the gate"."""
    if value is None:
        return ""
    if field.widget == "repeat" and isinstance(value, list):
        return "\n".join(_item_display(field, i, item) for i, item in enumerate(value))
    if isinstance(value, list):
        return ", ".join(answer_display(field, item) for item in value)
    for choice in field.choices:
        if type(choice.value) is type(value) and choice.value == value:
            return choice.label
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        if field.widget == "map_location":
            return map_display(value)
        return address_line(value) if field.widget == "address_lookup" else _object_display(value)
    if isinstance(value, str) and (field.widget == "date" or field.schema.get("format") == "date"):
        return _date_display(value)
    return str(value)


def _item_display(field: FieldSpec, index: int, item: Any) -> str:
    item = item if isinstance(item, dict) else {}
    parts = [answer_display(sub, item[sub.name]) for sub in field.item_fields if item.get(sub.name) not in (None, "")]
    return f"{item_title(field, index)}: {', '.join(parts)}"


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
