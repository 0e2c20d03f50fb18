"""Form questions in the officer workspace: the service's own form, in compact officer markup."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from form_definitions.fields import FieldSpec

from ..customers import phone_display as customer_phone_display
from ..queues import COUNT_CAP

register = template.Library()
TEXTAREA_WIDGETS = {"textarea", "address", "location"}
INPUT_TYPES = {"email": "email", "tel": "tel", "date": "date", "number": "text"}


def _post_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


@register.simple_tag
def officer_field(field: FieldSpec, answers: dict, errors: dict, prefix: str = "") -> SafeString:
    """Label, hint, error and input for one question; file questions are managed as attachments instead."""
    if field.widget in (
        "file",
        "repeat",
        "address_lookup",
        "map_location",
    ):  # attachments; a group, found address or map point is shown, not edited
        return mark_safe("")
    ident = f"{prefix}{field.name}"
    value = answers.get(field.name)
    error = errors.get(field.name, "")
    head = format_html(
        '<label for="{}"><strong>{}</strong>{}</label>{}{}',
        ident,
        field.label,
        "" if field.required else " (optional)",
        format_html('<br><span class="muted">{}</span>', field.hint) if field.hint else "",
        format_html('<br><span class="error-text" id="{}-error">{}</span>', ident, error) if error else "",
    )
    if field.multiple:
        chosen = {_post_value(v) for v in (value or [])}
        control = format_html_join(
            "",
            '<label class="choice"><input type="checkbox" name="{}" value="{}"{}> {}</label>',
            (
                (field.name, _post_value(c.value), " checked" if _post_value(c.value) in chosen else "", c.label)
                for c in field.choices
            ),
        )
    elif field.choices:
        current = _post_value(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (_post_value(c.value), " selected" if _post_value(c.value) == current else "", c.label)
                for c in field.choices
            ),
        )
        control = format_html(
            '<select id="{}" name="{}"><option value="">–</option>{}</select>', ident, field.name, options
        )
    elif field.widget in TEXTAREA_WIDGETS:
        control = format_html(
            '<textarea id="{}" name="{}" rows="3">{}</textarea>', ident, field.name, _post_value(value)
        )
    else:
        kind = INPUT_TYPES.get(field.widget, "text")
        control = format_html(
            '<input type="{}" id="{}" name="{}" value="{}">', kind, ident, field.name, _post_value(value)
        )
    return format_html('<div class="field{}">{}<br>{}</div>', " has-error" if error else "", head, control)


@register.filter
def answer_text(value: Any) -> str:
    """A raw before/after value of a diff, readable when no form label or choice applies."""
    if value is None:
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(answer_text(v) for v in value)
    return str(value)


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(str(key), {})


@register.filter
def queue_count(value: int) -> str:
    """A queue badge: the count, or "1,000+" past the cap queues.queue_counts stops counting at."""
    if not isinstance(value, int):
        return value
    return f"{COUNT_CAP:,}+" if value > COUNT_CAP else f"{value:,}"


@register.simple_tag
def member_options(members: list, selected_pk: int | None) -> SafeString:
    """<option>s of a team's members for one row's Reassign control (built in Python: 25 rows × the team)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (m.pk, mark_safe(" selected") if m.pk == selected_pk else "", m.get_full_name() or m.get_username())
            for m in members
        ),
    )


@register.filter
def phone_display(phone: str) -> str:
    """A stored E.164 number as people write it ("07700 900999")."""
    return customer_phone_display(phone or "")
