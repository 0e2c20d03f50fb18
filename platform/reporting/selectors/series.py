"""Monthly series for the trend charts: contacts by channel (channel shift) and resolutions within SLA."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from ..filters import ReportFilter
from ..scope import ReportScope
from .kpis import cases_for_report
from .rollups import channel_months, projection_serves, sla_months


def months_between(flt: ReportFilter) -> list[dt.date]:
    months, month = [], flt.start.replace(day=1)
    while month < flt.end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def channel_series(*, scope: ReportScope, flt: ReportFilter) -> dict[dt.date, dict[str, int]]:
    """{month: {channel: cases received}} — one query (over the daily figures when the projection serves)."""
    out: dict[dt.date, dict[str, int]] = {m: {} for m in months_between(flt)}
    if projection_serves(scope=scope, flt=flt):
        for month, channel, n in channel_months(scope=scope, flt=flt):
            out.setdefault(_as_date(month), {})[channel] = n
        return out
    rows = (
        cases_for_report(scope=scope, flt=flt)
        .filter(submitted_at__gte=flt.start_at, submitted_at__lt=flt.end_at)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        out.setdefault(_as_date(row["month"]), {})[row["channel"]] = row["n"]
    return out


def sla_series(*, scope: ReportScope, flt: ReportFilter) -> dict[dt.date, dict[str, Any]]:
    """{month: {resolved, met, pct}} by month of resolution — one query (over the daily figures when the projection serves)."""
    out: dict[dt.date, dict[str, Any]] = {m: {"resolved": 0, "met": 0, "pct": None} for m in months_between(flt)}
    if projection_serves(scope=scope, flt=flt):
        for month, resolved, met in sla_months(scope=scope, flt=flt):
            out[_as_date(month)] = {"resolved": resolved, "met": met, "pct": round(100.0 * met / resolved, 1)}
        return out
    rows = (
        cases_for_report(scope=scope, flt=flt)
        .filter(resolved_at__gte=flt.start_at, resolved_at__lt=flt.end_at, due_at__isnull=False)
        .annotate(month=TruncMonth("resolved_at"))
        .values("month")
        .annotate(resolved=Count("pk"), met=Count("pk", filter=Q(resolved_at__lte=F("due_at"))))
        .order_by()
    )
    for row in rows:
        pct = round(100.0 * row["met"] / row["resolved"], 1) if row["resolved"] else None
        out[_as_date(row["month"])] = {"resolved": row["resolved"], "met": row["met"], "pct": pct}
    return out


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
