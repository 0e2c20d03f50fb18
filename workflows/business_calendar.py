"""A council's business calendar: opening hours per weekday and its nation's bank holidays.

Durations in working hours run only while the council is open ("4 working hours" from 16:00 on a
9-to-5 day lands at 12:00 the next working day); working days skip days it is closed. The SLA
clock measures how much working time passes while it is stopped with `working_seconds_between`.
All arithmetic is done in the council's local time (Europe/London), where opening hours are written.
"""

from __future__ import annotations

import time as monotonic_time
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from councils.bank_holidays import DEFAULT_REGION, bank_holidays, region_check

LOCAL_TZ = ZoneInfo("Europe/London")
Window = tuple[time, time] | None  # opening and closing time of one weekday; None: closed all day
NINE_TO_FIVE: tuple[Window, ...] = ((time(9), time(17)),) * 5 + (None, None)
# How long a loaded calendar is trusted before its opening hours are read again (other processes' edits).
CACHE_SECONDS = 60.0
_MAX_DAYS_SEARCHED = 3700  # ten years: a calendar open on no day at all must not loop forever


@dataclass(frozen=True)
class BusinessCalendar:
    """When a council works: `hours[weekday]` (Monday first) and the bank holidays of `region`."""

    region: str = DEFAULT_REGION
    hours: tuple[Window, ...] = NINE_TO_FIVE

    def __post_init__(self) -> None:
        region_check(self.region)
        if len(self.hours) != 7:
            raise ValueError("a business calendar has opening hours for the 7 weekdays, Monday first")
        for window in self.hours:
            if window is not None and not window[0] < window[1]:
                raise ValueError(f"opening time {window[0]} is not before closing time {window[1]}")

    def is_working_day(self, day: date) -> bool:
        if isinstance(day, datetime):
            day = day.astimezone(LOCAL_TZ).date() if day.tzinfo else day.date()
        return self.hours[day.weekday()] is not None and day not in bank_holidays(self.region, day.year)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's opening and closing moments in local time, or None when the council is closed."""
        if not self.is_working_day(day):
            return None
        opens, closes = self.hours[day.weekday()]  # type: ignore[misc]
        return datetime.combine(day, opens, tzinfo=LOCAL_TZ), datetime.combine(day, closes, tzinfo=LOCAL_TZ)

    def day_start(self, day: date) -> datetime:
        """When work on `day` starts: its opening time, or the next working day's when it is closed."""
        for offset in range(_MAX_DAYS_SEARCHED):
            window = self.window(day + timedelta(days=offset))
            if window is not None:
                return window[0]
        raise ValueError("this business calendar is never open")

    def working_days_add(self, start: datetime, days: int) -> datetime:
        """`start` moved by `days` working days (negative: back), keeping its local time of day."""
        local = _local(start)
        step = 1 if days >= 0 else -1
        remaining, day = abs(days), local.date()
        for _ in range(_MAX_DAYS_SEARCHED):
            if not remaining and self.is_working_day(day):
                break
            day += timedelta(days=step)
            if remaining and self.is_working_day(day):
                remaining -= 1
        else:
            raise ValueError("this business calendar is never open")
        moved = datetime.combine(day, local.time(), tzinfo=LOCAL_TZ)
        return moved.astimezone(start.tzinfo) if start.tzinfo else moved.replace(tzinfo=None)

    def working_seconds_add(self, start: datetime, seconds: float) -> datetime:
        """The moment `seconds` of opening time after `start` (before it, when negative)."""
        if seconds < 0:
            return self._working_seconds_back(start, -seconds)
        cursor = _local(start)
        remaining = timedelta(seconds=seconds)
        for _ in range(_MAX_DAYS_SEARCHED):
            window = self.window(cursor.date())
            if window is not None and cursor < window[1]:
                cursor = max(cursor, window[0])
                available = window[1] - cursor
                if remaining <= available:
                    return _back(cursor + remaining, start)
                remaining -= available
            cursor = datetime.combine(cursor.date() + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
        raise ValueError("this business calendar is never open")

    def working_hours_add(self, start: datetime, hours: int) -> datetime:
        return self.working_seconds_add(start, hours * 3600)

    def working_seconds_between(self, a: datetime, b: datetime) -> float:
        """Opening time from `a` to `b` in seconds (negative when `b` is earlier)."""
        if b < a:
            return -self.working_seconds_between(b, a)
        first, last = _local(a), _local(b)
        total = 0.0
        day = first.date()
        while day <= last.date():
            window = self.window(day)
            if window is not None:
                overlap = min(window[1], last) - max(window[0], first)
                total += max(overlap.total_seconds(), 0.0)
            day += timedelta(days=1)
        return total

    def _working_seconds_back(self, end: datetime, seconds: float) -> datetime:
        cursor = _local(end)
        remaining = timedelta(seconds=seconds)
        for _ in range(_MAX_DAYS_SEARCHED):
            window = self.window(cursor.date())
            if window is not None and cursor > window[0]:
                cursor = min(cursor, window[1])
                available = cursor - window[0]
                if remaining <= available:
                    return _back(cursor - remaining, end)
                remaining -= available
            cursor = datetime.combine(cursor.date(), time(0), tzinfo=LOCAL_TZ) - timedelta(microseconds=1)
        raise ValueError("this business calendar is never open")


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ) if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def _back(moment: datetime, like: datetime) -> datetime:
    """`moment` in the time zone `like` was given in (naive in, naive out)."""
    return moment.astimezone(like.tzinfo) if like.tzinfo else moment.replace(tzinfo=None)


def default_calendar(region: str = DEFAULT_REGION) -> BusinessCalendar:
    """Monday to Friday, 9:00 to 17:00, and the region's bank holidays: a council that set no hours."""
    return BusinessCalendar(region=region)


_cache: dict[int, tuple[float, BusinessCalendar]] = {}


def council_calendar(council: Any) -> BusinessCalendar:
    """The council's calendar from its opening hours (9 to 5 on weekdays when it set none), cached briefly."""
    now = monotonic_time.monotonic()
    cached = _cache.get(council.pk)
    if cached is not None and now - cached[0] < CACHE_SECONDS and cached[1].region == council.holiday_region:
        return cached[1]
    rows = list(council.opening_hours.values_list("weekday", "opens", "closes"))
    hours: tuple[Window, ...] = NINE_TO_FIVE
    if rows:
        by_day = {weekday: (opens, closes) for weekday, opens, closes in rows}
        hours = tuple(by_day.get(weekday) for weekday in range(7))
    calendar = BusinessCalendar(region=council.holiday_region, hours=hours)
    _cache[council.pk] = (now, calendar)
    return calendar


def council_calendar_forget(council_id: int | None = None) -> None:
    """Drop cached calendars (all, or one council's) after its opening hours changed."""
    if council_id is None:
        _cache.clear()
    else:
        _cache.pop(council_id, None)


def council_calendar_signals_connect() -> None:
    """Forget a council's cached calendar as soon as its opening hours or region change (this process)."""
    from django.db.models.signals import post_delete, post_save

    from councils.models import Council, OpeningHours

    def forget_hours(sender: Any, instance: Any, **kwargs: Any) -> None:
        council_calendar_forget(instance.council_id)

    def forget_council(sender: Any, instance: Any, **kwargs: Any) -> None:
        council_calendar_forget(instance.pk)

    post_save.connect(forget_hours, sender=OpeningHours, weak=False, dispatch_uid="calendar_hours_saved")
    post_delete.connect(forget_hours, sender=OpeningHours, weak=False, dispatch_uid="calendar_hours_deleted")
    post_save.connect(forget_council, sender=Council, weak=False, dispatch_uid="calendar_council")
