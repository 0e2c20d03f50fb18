"""Render one form question with GOV.UK Design System markup, picked by its widget."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from councilflow.csp_extra import csp_image_origin_allow
from councils.map_settings import DEMO_TILE_URL, tile_origin
from form_definitions.fields import FieldSpec, PageSpec, item_specs, item_title
from form_definitions.map_point import map_area_of, map_point
from form_definitions.widget_types import Widget, widget_types

register = template.Library()

# What each widget renders with comes from the widget (form_definitions/widget_types/).
_FALLBACK_WIDGET = Widget()


def post_value(value: Any) -> str:
    """How a typed answer is written back into an HTML input."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@register.filter
def field_anchor(field: FieldSpec | str) -> str:
    """Where the error summary links to: the first input of the question (or the id given)."""
    if isinstance(field, str):
        return field
    if field.widget == "repeat" and field.item_fields:
        return field_anchor(item_specs(field, 0)[0])  # the first question of the first item
    if field.widget == "address_lookup":
        return f"{field.name}-find"
    if field.widget == "map_location":
        return f"{field.name}-description"  # the map is not there without JavaScript; the words always are
    return f"{field.name}-day" if field.widget == "date" else field.name


def _location_parts(field: FieldSpec, value: Any) -> list[dict]:
    """An object location (e.g. easting/northing, lat/lng) is one text input per property; no map needed."""
    if field.widget != "location" or not isinstance(field.schema.get("properties"), dict):
        return []
    value = value if isinstance(value, dict) else {}
    return [
        {
            "name": f"{field.name}-{part}",
            "label": (spec or {}).get("title") or part.replace("_", " ").capitalize(),
            "value": post_value(value.get(part)),
        }
        for part, spec in field.schema["properties"].items()
    ]


@dataclass(frozen=True)
class FieldBlock:
    """A question and, by option value, the conditional questions revealed under that option."""

    field: FieldSpec
    nested: dict[str, list[FieldSpec]] = dc_field(default_factory=dict)


def page_layout(page: PageSpec) -> list[FieldBlock]:
    """GOV.UK conditional reveal: a question shown when an earlier radio/checkbox on the page has one value
    is nested under that option; without JavaScript it shows there, marked as conditional."""
    blocks: list[FieldBlock] = []
    by_name: dict[str, FieldBlock] = {}
    for spec in page.fields:
        show_if = spec.show_if or {}
        wanted = [show_if["equals"]] if "equals" in show_if else list(show_if.get("in") or [])
        controller = by_name.get(show_if.get("field", ""))
        if controller and len(wanted) == 1 and controller.field.widget in ("radios", "checkboxes"):
            value = post_value(wanted[0])
            if any(post_value(c.value) == value for c in controller.field.choices):
                controller.nested.setdefault(value, []).append(spec)
                continue
        block = FieldBlock(field=spec)
        blocks.append(block)
        by_name[spec.name] = block
    return blocks


@register.simple_tag(takes_context=True)
def govuk_block(context, block: FieldBlock, answers: dict, errors: dict, heading: bool = False) -> str:
    conditionals = {
        value: mark_safe("".join(govuk_field(context, spec, answers, errors) for spec in specs))
        for value, specs in block.nested.items()
    }
    return govuk_field(context, block.field, answers, errors, heading=heading, conditionals=conditionals)


def _repeat_context(context, field: FieldSpec, value: Any, errors: dict) -> dict:
    """Each item's questions rendered as questions of their own (`bins-0-colour`), and which buttons to show."""
    items = value if isinstance(value, list) and value else [{}]
    most = field.schema.get("maxItems") or len(items)
    rendered = []
    for index, item in enumerate(items):
        item = item if isinstance(item, dict) else {}
        specs = item_specs(field, index)
        flat = {spec.name: item.get(sub.name) for spec, sub in zip(specs, field.item_fields, strict=True)}
        html = "".join(govuk_field(context, spec, flat, errors) for spec in specs)
        rendered.append({"index": index, "title": item_title(field, index), "html": mark_safe(html)})
    on_page = context.get("page") is not None  # the one-request form has no add/remove round trip
    return {
        "items": rendered,
        "can_add": on_page and len(items) < most,
        "can_remove": on_page and len(items) > 1,
        "item_name": field.item_label[:1].lower() + field.item_label[1:],
    }


def _files_context(context, field: FieldSpec, value: Any) -> dict:
    """The files already uploaded to a "files" question, and whether another may be added."""
    files = [f for f in value if isinstance(f, dict)] if isinstance(value, list) else []
    most = field.schema.get("maxItems") or len(files) + 1
    return {"files": files, "most": most, "room": len(files) < most, "can_change": context.get("page") is not None}


def _address_context(context: Any, field: FieldSpec, value: Any, error: str) -> dict:
    """The finder's state (from the view's `address_lists`) and the manual-entry inputs, open when in use."""
    finder = (context.get("address_lists") or {}).get(field.name)
    value = value if isinstance(value, dict) else {}
    typed = {} if value.get("uprn") else value
    labels = {
        "line1": (_("Address line 1"), "address-line1", ""),
        "line2": (_("Address line 2 (optional)"), "address-line2", ""),
        "town": (_("Town or city"), "address-level2", "govuk-!-width-two-thirds"),
        "postcode": (_("Postcode"), "postal-code", "govuk-input--width-10"),
    }
    manual = [
        {
            "id": f"{field.name}-{part}",
            "label": label,
            "autocomplete": auto,
            "width": width,
            "value": typed.get(part, ""),
        }
        for part, (label, auto, width) in labels.items()
    ]
    manual_open = bool(typed) or bool(finder and finder.problem) or (bool(error) and not (finder and finder.addresses))
    return {"finder": finder, "manual": manual, "manual_open": manual_open}


UK_CENTRE, UK_ZOOM = "54.0,-2.5", 6  # where a map opens for a council without an area box


def _map_context(context: Any, value: Any) -> dict:
    """The council's tiles and area, and the answer so far; the page may then load the tile server's images."""
    council = context.get("council")
    tiles = getattr(council, "map_tile_url", "") or DEMO_TILE_URL
    area = map_area_of(council)
    value = value if isinstance(value, dict) else {}
    point = map_point(value)
    if context.get("request") is not None:
        csp_image_origin_allow(context["request"], tile_origin(tiles))
    return {
        "map": {
            "tiles": tiles,
            "attribution": getattr(council, "map_attribution", ""),
            "bounds": f"{area.south},{area.west},{area.north},{area.east}" if area else "",
            "centre": f"{area.centre[0]},{area.centre[1]}" if area else UK_CENTRE,
            "zoom": UK_ZOOM,
            "lat": post_value(point[0]) if point else "",
            "lng": post_value(point[1]) if point else "",
            "point": f"{point[0]:.6f}, {point[1]:.6f}" if point else "",
            "description": value.get("description") or "",
        }
    }


# Widgets whose markup reads more than the question itself (the page, the council, the finder's state).
_CONTEXT_WIDGETS = frozenset({"repeat", "files", "map_location", "address_lookup"})
_BLANK_CACHE_SIZE = 4096
# (id of the question, language, heading) -> (the question, its markup): a question not yet answered and
# without an error renders the same every time, and every resident's first page is one (issue #21). The
# question is kept beside its markup, so an id reused by a later question never matches; questions come
# from compiled forms, which are immutable.
_blank: dict[tuple[int, str, bool], tuple[FieldSpec, str]] = {}
_blank_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def govuk_field(
    context, field: FieldSpec, answers: dict, errors: dict, heading: bool = False, conditionals: dict | None = None
) -> str:
    blank = (
        answers.get(field.name) is None
        and field.name not in errors
        and not any(conditionals.values() if conditionals else ())
        and field.widget not in _CONTEXT_WIDGETS
    )
    if not blank:
        return _field_render(context, field, answers, errors, heading=heading, conditionals=conditionals)
    key = (id(field), get_language() or "", bool(heading))
    held = _blank.get(key)
    if held is not None and held[0] is field:
        return held[1]
    rendered = _field_render(context, field, answers, errors, heading=heading, conditionals=conditionals)
    with _blank_lock:
        if len(_blank) >= _BLANK_CACHE_SIZE:
            _blank.clear()
        _blank[key] = (field, rendered)
    return rendered


def blank_fields_forget() -> None:
    """Forget every held question's markup (tests that change templates or translations in place)."""
    with _blank_lock:
        _blank.clear()


def _field_render(
    context: Any, field: FieldSpec, answers: dict, errors: dict, *, heading: bool, conditionals: dict | None
) -> str:
    value = answers.get(field.name)
    date_parts = (
        value.split("-")
        if field.widget == "date" and isinstance(value, str) and value.count("-") == 2
        else ["", "", ""]
    )
    selected = {post_value(v) for v in (value if isinstance(value, list) else [value])}
    conditionals = conditionals or {}
    choices = [
        {
            "value": post_value(c.value),
            "label": c.label,
            "checked": post_value(c.value) in selected,
            "conditional": conditionals.get(post_value(c.value), ""),
        }
        for c in field.choices
    ]
    widget = widget_types.get(field.widget) or _FALLBACK_WIDGET
    attrs = widget.input_attributes
    rendered = get_template(f"portal/fields/{widget.template}.html").render(
        {
            "field": field,
            "value": post_value(value) if not isinstance(value, (list, dict)) else "",
            "error": errors.get(field.name, ""),
            "choices": choices,
            "input_type": attrs.get("type", "text"),
            "input_class": attrs.get("class", ""),
            "input_mode": attrs.get("inputmode", ""),
            "autocomplete": attrs.get("autocomplete", ""),
            "spellcheck": attrs.get("spellcheck", ""),
            "year": date_parts[0],
            "month": date_parts[1].lstrip("0"),
            "day": date_parts[2].lstrip("0"),
            "multiple": field.widget == "checkboxes",
            "heading": heading,
            "parts": _location_parts(field, value),
            "uploaded": value if field.widget == "file" and isinstance(value, dict) else None,
            **(_repeat_context(context, field, value, errors) if field.widget == "repeat" else {}),
            **(_files_context(context, field, value) if field.widget == "files" else {}),
            **(_map_context(context, value) if field.widget == "map_location" else {}),
            **(
                _address_context(context, field, value, errors.get(field.name, ""))
                if field.widget == "address_lookup"
                else {}
            ),
        },
    )  # no request: question markup needs no CSRF token or user, so context processors are not run per question
    return mark_safe(rendered)
