from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """Look up `key` in a dict from a template."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def figure(value):
    """A KPI figure for display: a dash when there is nothing to measure."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    return value
