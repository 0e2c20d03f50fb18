"""The workflow builder's controls as HTML, written here rather than by a template include per control.

A 50-step workflow has some 2,000 controls; one `{% include %}` each made the page cost over a second of CPU.
The markup is the one the include had: label, hint, the check's error at the control, aria-describedby, and
published versions shown disabled/read-only. Every value is escaped here; nothing in a Field is trusted.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe

from .workflow_fields import Field, Group


def escape(text: object) -> str:
    """What django.utils.html.escape does (the same five characters), without its lazy-string wrapper's cost."""
    return _escape(str(text), quote=True)


def fields_html(items: Iterable[Field | Group], *, editable: bool) -> SafeString:
    """One form's fields and groups, in order."""
    return mark_safe("".join(_item_html(item, editable) for item in items))


def _item_html(item: Field | Group, editable: bool) -> str:
    if not isinstance(item, Group):
        return _field_html(item, editable)
    hint = f'<p class="wf-hint">{escape(item.hint)}</p>' if item.hint else ""
    rows = "".join(
        '<div class="wf-row">' + "".join(_field_html(f, editable) for f in row) + "</div>" for row in item.rows
    )
    return f'<fieldset class="wf-group">\n  <legend>{escape(item.legend)}</legend>\n  {hint}\n  {rows}\n</fieldset>\n'


def _field_html(item: Field, editable: bool) -> str:
    html_id, name, value = escape(item.html_id), escape(item.name), escape(item.value)
    if item.kind == "hidden":
        return f'<input type="hidden" name="{name}" value="{value}">\n'
    error = (
        f'<p class="studio-field-error" id="{html_id}-error"><span class="wf-visually-hidden">Error:</span> '
        f"{escape(item.error)}</p>"
        if item.error
        else ""
    )
    described = f' aria-describedby="{escape(item.describedby)}"' if item.describedby else ""
    has_error = " studio-has-error" if item.error else ""
    if item.kind == "checkbox":
        if not editable and item.name.endswith("-remove"):
            return "\n"  # "Remove" ticks mean nothing on a read-only version
        return (
            f'<div class="wf-field wf-check{has_error}">{error}<input type="checkbox" id="{html_id}" name="{name}" '
            f'value="1"{" checked" if item.value else ""}{described}{"" if editable else " disabled"}> '
            f'<label for="{html_id}">{escape(item.label)}</label></div>\n'
        )
    readonly, disabled = ("", "") if editable else (" readonly", " disabled")
    if item.kind == "select":
        control = f'<select id="{html_id}" name="{name}"{described}{disabled}>{item.options_html}</select>'
    elif item.kind == "textarea":
        control = f'<textarea id="{html_id}" name="{name}" rows="3"{described}{readonly}>{value}</textarea>'
    elif item.kind == "duration":
        unit_name = escape(item.name[:-7]) + "_unit"  # "due_amount" -> "due_unit"
        control = (
            f'<span class="wf-duration"><input id="{html_id}" name="{name}" value="{value}" inputmode="numeric" '
            f'size="4"{described}{readonly}>\n    <label class="wf-visually-hidden" for="{html_id}-unit">'
            f'{escape(item.label)}: unit</label><select id="{html_id}-unit" name="{unit_name}"{disabled}>'
            f"{item.options_html}</select></span>"
        )
    else:
        control = f'<input id="{html_id}" name="{name}" value="{value}"{described}{readonly}>'
    hint = f'<span class="wf-hint" id="{html_id}-hint">{escape(item.hint)}</span>' if item.hint else ""
    return (
        f'<div class="wf-field{has_error}">\n  <label for="{html_id}">{escape(item.label)}</label>\n  {hint}\n'
        f"  {error}\n  {control}\n</div>\n"
    )
