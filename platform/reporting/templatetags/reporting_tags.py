from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

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
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


@register.filter
def money(value):
    """GOV.UK style pounds: "£1,234", pence only when there are some ("£4.50"); a dash for nothing."""
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    return f"{sign}£{amount:,.0f}" if amount == amount.to_integral_value() else f"{sign}£{amount:,.2f}"


@register.filter
def govuk_date(value):
    """ "1 July 2026" (GOV.UK date style)."""
    if not value:
        return "—"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


@register.filter
def govuk_time(value):
    """ "7:20pm", "12pm" style times (GOV.UK); local time for aware datetimes."""
    if not value:
        return "—"
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def govuk_datetime(value):
    """ "1 July 2026 at 7:20pm"."""
    if not value:
        return "—"
    return f"{govuk_date(value)} at {govuk_time(value)}"


@register.filter
def percent(value):
    """ "42%" (one decimal only when it matters)."""
    if value is None or value == "":
        return "—"
    number = float(value)
    return f"{number:.0f}%" if abs(number - round(number)) < 0.05 else f"{number:.1f}%"


@register.filter
def channel_share(channels, name):
    """The share (%) of `name` in a Savings.channels() list."""
    return next((c["share_pct"] for c in channels if c["channel"] == name), None)
