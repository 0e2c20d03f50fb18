"""Timers until a date from the case: `"until": {"field": "data.end_date", "before": {"working_days": 3}}`.

The date is read when the timer starts (an answer or a task form field), placed at the council's opening
time that day, and moved by the offset in the council's business calendar. A date that is missing or
unreadable fires the timer at once, so a case never waits for a date nobody gave.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from .business_calendar import LOCAL_TZ, BusinessCalendar, council_calendar
from .runtime import case_context
from .working_days import duration_add, duration_describe, duration_subtract


def date_from_value(value: Any) -> date | None:
    """An ISO date ("2026-03-14") or date-time from a form answer; None when there is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def until_moment(until: dict, context: dict, *, calendar: BusinessCalendar, now: datetime) -> datetime:
    """When an `until` timer fires for the case whose names are `context` (runtime.case_context's)."""
    value: Any = context
    for part in until["field"].split("."):
        value = value.get(part) if isinstance(value, dict) else None
    day = date_from_value(value)
    if day is None:
        return now
    moment = calendar.day_start(day) if "before" not in until and "after" not in until else _start_of(day, calendar)
    if "before" in until:
        moment = duration_subtract(moment, until["before"], region=calendar.region, calendar=calendar)
    if "after" in until:
        moment = duration_add(moment, until["after"], region=calendar.region, calendar=calendar)
    return moment


def until_describe(until: dict) -> str:
    """The timer in words, for diagrams and dry-run notes: "3 working days before data.end_date"."""
    if "before" in until:
        return f"{duration_describe(until['before'])} before {until['field']}"
    if "after" in until:
        return f"{duration_describe(until['after'])} after {until['field']}"
    return f"on {until['field']}"


def _start_of(day: date, calendar: BusinessCalendar) -> datetime:
    """The opening time of `day` even when the council is closed then: the offset counts from the date itself."""
    window = calendar.window(day)
    if window is not None:
        return window[0]
    opening = next((w[0] for w in calendar.hours if w is not None), time(9))
    return datetime.combine(day, opening, tzinfo=LOCAL_TZ)


def timer_until_due(until: dict) -> Callable:
    """The due-date callable of a compiled `until` timer."""

    def due(activation: Any) -> datetime:
        case = activation.process
        return until_moment(until, case_context(case), calendar=council_calendar(case.council), now=timezone.now())

    return due
