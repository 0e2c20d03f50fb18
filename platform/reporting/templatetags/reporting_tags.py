from __future__ import annotations

from decimal import Decimal

from django import template

from casework.templatetags.govuk_format import govuk_date, govuk_datetime, govuk_time, money, percent

register = template.Library()
for _filter in (money, govuk_date, govuk_time, govuk_datetime, percent):
    register.filter(_filter.__name__, _filter)


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
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


@register.filter
def channel_share(channels, name):
    """The share (%) of `name` in a Savings.channels() list."""
    return next((c["share_pct"] for c in channels if c["channel"] == name), None)
