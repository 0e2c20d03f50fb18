"""GOV.UK style figures for officer and manager pages: "1 July 2026", "7:20pm", "£1,234", "42%".

`{% load govuk_format %}`; reporting's templates get the same filters through reporting_tags.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()


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
