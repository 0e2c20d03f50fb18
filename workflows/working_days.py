"""Working-day arithmetic for due dates: weekends and the region's bank holidays are skipped.

UK bank holidays differ by nation (Easter Monday is not a Scottish bank holiday,
2 January is), so every calculation names the council's region.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from councils.bank_holidays import bank_holidays

from .business_calendar import default_calendar


def is_working_day(day: date, *, region: str) -> bool:
    """Monday to Friday and not a bank holiday in the region."""
    if isinstance(day, datetime):
        day = day.date()
    return day.weekday() < 5 and day not in bank_holidays(region, day.year)


def working_day_add(start: datetime, days: int, *, region: str) -> datetime:
    """`start` moved by `days` working days, keeping its time of day; the result is a working day.

    Each working day after (or, for negative `days`, before) the start date counts one,
    so Friday + 1 is Monday and Saturday + 1 is also Monday. With `days == 0` a start on
    a non-working day rolls forward to the next working day.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    current = start
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current.date(), region=region):
            remaining -= 1
    while not is_working_day(current.date(), region=region):
        current += timedelta(days=step or 1)
    return current


def working_days_between(a: date | datetime, b: date | datetime, *, region: str) -> int:
    """Working days after `a`'s date up to and including `b`'s date; negative when `b` is earlier.

    The inverse of `working_day_add` from a working day: between(a, add(a, n)) == n.
    """
    first = a.date() if isinstance(a, datetime) else a
    last = b.date() if isinstance(b, datetime) else b
    if last < first:
        return -working_days_between(last, first, region=region)
    count = 0
    day = first + timedelta(days=1)
    while day <= last:
        if is_working_day(day, region=region):
            count += 1
        day += timedelta(days=1)
    return count


def duration_add(start: datetime, duration: dict, *, region: str, calendar: Any = None) -> datetime:
    """`start` plus a language duration: {"working_days": n}, {"working_hours": n}, {"days": n} or {"hours": n}.

    Working days and hours follow `calendar` (a council's `BusinessCalendar`) when given; working hours
    without one use the region's 9-to-5 weekdays.
    """
    unit, amount = _duration_unit(duration)
    if unit == "working_hours":
        return _calendar(calendar, region).working_hours_add(start, amount)
    if unit == "working_days" and calendar is not None:
        return calendar.working_days_add(start, amount)
    if unit == "working_days":
        return working_day_add(start, amount, region=region)
    if unit == "days":
        return start + timedelta(days=amount)  # same wall-clock time, even across a clock change
    return _hours_add(start, amount)


def duration_subtract(end: datetime, duration: dict, *, region: str, calendar: Any = None) -> datetime:
    """`end` minus a duration, e.g. when to remind before a task falls due."""
    unit, amount = _duration_unit(duration)
    if unit == "working_hours":
        return _calendar(calendar, region).working_hours_add(end, -amount)
    if unit == "working_days" and calendar is not None:
        return calendar.working_days_add(end, -amount)
    if unit == "working_days":
        return working_day_add(end, -amount, region=region)
    if unit == "days":
        return end - timedelta(days=amount)
    return _hours_add(end, -amount)


def duration_describe(duration: dict) -> str:
    """A duration in words, for diagrams and dry-run notes: "5 working days", "1 hour"."""
    unit, amount = _duration_unit(duration)
    name = {"working_days": "working day", "working_hours": "working hour", "days": "day", "hours": "hour"}[unit]
    return f"{amount} {name}{'' if amount == 1 else 's'}"


def _hours_add(moment: datetime, hours: int) -> datetime:
    """Elapsed hours: 48 hours is 48 real hours even across a clock change."""
    if moment.tzinfo is None:
        return moment + timedelta(hours=hours)
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(moment.tzinfo)


def _calendar(calendar: Any, region: str) -> Any:
    return calendar if calendar is not None else default_calendar(region)


_UNITS = ("working_days", "working_hours", "days", "hours")


def _duration_unit(duration: dict) -> tuple[str, int]:
    if not isinstance(duration, dict) or len(duration) != 1:
        raise ValueError(f"a duration has exactly one of {', '.join(_UNITS)}, got {duration!r}")
    ((unit, amount),) = duration.items()
    if unit not in _UNITS or isinstance(amount, bool) or not isinstance(amount, int):
        raise ValueError(f"a duration has exactly one of {', '.join(_UNITS)}, got {duration!r}")
    return unit, amount
