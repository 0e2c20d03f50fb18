"""Render one form question with GOV.UK Design System markup, picked by its widget."""
from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template

from form_definitions.fields import FieldSpec

register = template.Library()

WIDGET_TEMPLATES = {
    "text": "input", "email": "input", "tel": "input", "postcode": "input", "number": "input",
    "textarea": "textarea", "address": "textarea", "location": "textarea",
    "radios": "choices", "checkboxes": "choices", "select": "select", "date": "date", "file": "file",
}
INPUT_ATTRIBUTES = {
    "email": {"type": "email", "autocomplete": "email", "spellcheck": "false"},
    "tel": {"type": "tel", "autocomplete": "tel"},
    "postcode": {"type": "text", "autocomplete": "postal-code", "class": "govuk-input--width-10"},
    "number": {"type": "text", "inputmode": "numeric", "class": "govuk-input--width-10"},
    "text": {"type": "text"},
}


def post_value(value: Any) -> str:
    """How a typed answer is written back into an HTML input."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@register.filter
def field_anchor(field: FieldSpec) -> str:
    """Where the error summary links to: the first input of the question."""
    return f"{field.name}-day" if field.widget == "date" else field.name


@register.simple_tag(takes_context=True)
def govuk_field(context, field: FieldSpec, answers: dict, errors: dict) -> str:
    value = answers.get(field.name)
    date_parts = value.split("-") if field.widget == "date" and isinstance(value, str) and value.count("-") == 2 else ["", "", ""]
    selected = {post_value(v) for v in (value if isinstance(value, list) else [value])}
    choices = [{"value": post_value(c.value), "label": c.label, "checked": post_value(c.value) in selected} for c in field.choices]
    attrs = INPUT_ATTRIBUTES.get(field.widget, {"type": "text"})
    rendered = get_template(f"portal/fields/{WIDGET_TEMPLATES.get(field.widget, 'input')}.html").render(
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
            "year": date_parts[0], "month": date_parts[1].lstrip("0"), "day": date_parts[2].lstrip("0"),
            "multiple": field.widget == "checkboxes",
        },
        context.get("request"),
    )
    return rendered
