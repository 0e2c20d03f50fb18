"""The report filter: a date range [start, end) plus optional council, service, team, officer and channel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

GROUPS = ("council", "service", "channel", "team", "officer")


@dataclass(frozen=True)
class ReportFilter:
    start: dt.date
    end: dt.date  # exclusive
    council_id: int | None = None
    service_id: int | None = None
    team_id: int | None = None
    officer_id: int | None = None
    channel: str | None = None

    @property
    def last(self) -> dt.date:
        """The last day included (`end` is exclusive)."""
        return self.end - dt.timedelta(days=1)

    @property
    def start_at(self) -> dt.datetime:
        return _local_midnight(self.start)

    @property
    def end_at(self) -> dt.datetime:
        return _local_midnight(self.end)

    def previous_month(self) -> ReportFilter:
        """The month before `start` (used by the scorecard's month-on-month trend)."""
        first = (self.start.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return replace(self, start=first, end=self.start.replace(day=1))

    def as_query(self) -> dict[str, str]:
        pairs = {
            "from": self.start.isoformat(),
            "to": (self.end - dt.timedelta(days=1)).isoformat(),
            "council": self.council_id,
            "service": self.service_id,
            "team": self.team_id,
            "officer": self.officer_id,
            "channel": self.channel,
        }
        return {k: str(v) for k, v in pairs.items() if v not in (None, "")}


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def month_filter(month: dt.date, **dimensions) -> ReportFilter:
    """The whole calendar month containing `month`."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return ReportFilter(start=first, end=following, **dimensions)


def report_filter_from_query(query) -> ReportFilter:
    """Parse GET parameters (`from`, `to` inclusive dates; ids); bad values fall back to the defaults."""
    today = timezone.localdate()
    default_start = (today.replace(day=1) - dt.timedelta(days=150)).replace(day=1)
    start = _date(query.get("from")) or default_start
    last = _date(query.get("to")) or today
    if last < start:
        start, last = last, start
    return ReportFilter(
        start=start,
        end=last + dt.timedelta(days=1),
        council_id=_int(query.get("council")),
        service_id=_int(query.get("service")),
        team_id=_int(query.get("team")),
        officer_id=_int(query.get("officer")),
        channel=(query.get("channel") or None),
    )


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def months_ending(last: dt.date, count: int) -> list[dt.date]:
    """The `count` calendar months up to and including the one containing `last`, oldest first."""
    months, month = [], last.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]
