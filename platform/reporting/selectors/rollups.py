"""Case KPIs read from the reporting projection (`reporting.models.projection`): counts and sums from the daily
figures, the backlog from the backlog cohorts, exact first-response percentiles from the case facts. Used whenever
the scope and filter are whole councils (no team or officer restriction, which the projection does not carry)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case as Choose
from django.db.models import Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate, TruncMonth

from casework.models import Case, Channel

from ..filters import ReportFilter, _local_midnight
from ..models import BacklogCohort, CaseFact, DailyCaseFigures
from ..scope import ReportScope
from ..sql import FRACTIONS, TOTAL, EpochSeconds, _fetch, _interpolate, figures_by


def projection_serves(*, scope: ReportScope, flt: ReportFilter) -> bool:
    """The projection is kept per council, service and channel: it answers unless teams or an officer narrow the cases."""
    return not (flt.team_id or flt.officer_id or scope.team_limited_council_ids)


def rollup_q(*, scope: ReportScope, flt: ReportFilter) -> Q:
    """The scope's councils and the filter's dimensions, for projection rows and for Case rows alike."""
    q = Q(council_id__in=scope.council_ids)
    for name, value in (("council_id", flt.council_id), ("service_id", flt.service_id), ("channel", flt.channel)):
        if value:
            q &= Q(**{name: value})
    return q


def daily_figures(
    *, scope: ReportScope, flt: ReportFilter, group: str | None, totals: bool
) -> dict[Any, dict[str, Any]]:
    """Sums of the daily figures over [start, end): one query over at most days × services × channels rows."""
    rows = DailyCaseFigures.objects.filter(rollup_q(scope=scope, flt=flt), day__gte=flt.start, day__lt=flt.end)
    names = ("received", "closed", "rated", "satisfaction_sum", "resolutions", "reopenings")
    sums = {name: F(name) for name in names}
    sums["web"] = Choose(When(channel=Channel.WEB, then=F("received")), default=Value(0))
    # Submissions not yet folded into the daily rows count as received on their day, in the same statement.
    received = uncounted_facts(scope=scope, flt=flt).filter(submitted_at__gte=flt.start_at, submitted_at__lt=flt.end_at)
    fact_sums: dict[str, Any] = {name: Value(1 if name == "received" else 0) for name in names}
    fact_sums["web"] = Choose(When(channel=Channel.WEB, then=Value(1)), default=Value(0))
    figures = figures_by(rows, group=group, totals=totals, sums=sums, also=(received, fact_sums))
    return {key: {name: int(f.get(name) or 0) for name in (*names, "web")} for key, f in figures.items()}


def first_response_percentiles(
    *, scope: ReportScope, flt: ReportFilter, group: str | None, totals: bool
) -> dict[Any, dict[float, float]]:
    """Exact p50/p90 of first response for cases received in [start, end), from the case facts (responded cases only:
    the KPI ignores cases without a response)."""
    facts = CaseFact.objects.filter(
        rollup_q(scope=scope, flt=flt),
        submitted_at__gte=flt.start_at,
        submitted_at__lt=flt.end_at,
        first_response_at__isnull=False,
    )
    value = EpochSeconds(F("first_response_at")) - EpochSeconds(F("submitted_at"))
    figures = figures_by(facts, group=group, totals=totals, percentiles={"response": (value, FRACTIONS)})
    return {key: f["response"] for key, f in figures.items() if f["n"]}


def backlog_figures(
    *, scope: ReportScope, flt: ReportFilter, group: str | None, totals: bool
) -> dict[Any, dict[str, Any]] | None:
    """{key: {"n": backlog at the period end, "submitted": {0.5: median submission epoch}}}, or None when the cohorts
    disagree with the cases (changed without re-projection; the caller then reads the cases).

    The cohorts give the backlog per day of submission (one query); the exact median (percentile_cont) then needs
    only the one or two cases either side of its position, found by counting through those days and read from that
    day's cases alone (one more query, every key together)."""
    end = flt.end
    cohorts = BacklogCohort.objects.filter(
        rollup_q(scope=scope, flt=flt), submitted_day__lt=end, exit_day__gte=end
    ).order_by()
    columns = [group, "submitted_day"] if group else ["submitted_day"]
    # Submissions not yet folded into the cohorts are open cases of their day of submission (one statement).
    unfolded = (
        uncounted_facts(scope=scope, flt=flt)
        .filter(submitted_at__lt=flt.end_at)
        .annotate(submitted_day=TruncDate("submitted_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values(*columns)
        .annotate(cases=Count("pk"))
        .values_list(*columns, "cases")
    )
    per_day: dict[Any, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    rows = cohorts.values(*columns).annotate(cases=Sum("n")).values_list(*columns, "cases").union(unfolded, all=True)
    for *key, day, n in rows:
        if not n:
            continue
        if group:
            per_day[key[0]][day] += n
        if totals or not group:
            per_day[TOTAL][day] += n
    result: dict[Any, dict[str, Any]] = {TOTAL: {"n": 0, "submitted": {}}} if totals or not group else {}
    wanted: list[tuple[Any, int, dt.date, int]] = []  # (key, rank in the key's backlog, day, rank within the day)
    for key, days in per_day.items():
        count = sum(days.values())
        result[key] = {"n": count, "submitted": {}}
        lower = math.floor(0.5 * (count - 1))
        ranks = [r for r in (lower + 1, lower + 2) if r <= count]
        seen = 0
        for day in sorted(days):
            for rank in ranks:
                if seen < rank <= seen + days[day]:
                    wanted.append((key, rank, day, rank - seen))
            seen += days[day]
    if not wanted:
        return result
    cases = (
        Case.objects.filter(rollup_q(scope=scope, flt=flt), submitted_at__lt=flt.end_at)
        .exclude(resolved_at__lt=flt.end_at)
        .exclude(closed_at__lt=flt.end_at)
    )
    parts, params = [], []
    for i, (key, _, day, within) in enumerate(wanted):
        day_cases = cases.filter(
            submitted_at__gte=_local_midnight(day), submitted_at__lt=_local_midnight(day + dt.timedelta(days=1))
        )
        if group and key is not TOTAL:
            day_cases = day_cases.filter(**{group: key})
        picked: QuerySet = (
            day_cases.order_by("submitted_at")
            .annotate(v=EpochSeconds(F("submitted_at")))
            .values_list("v")[within - 1 : within]
        )
        sql, part_params = picked.query.sql_with_params()
        parts.append(f"SELECT {i} AS i, v FROM ({sql}) AS picked{i}")
        params.extend(part_params)
    found: dict[Any, dict[int, float]] = defaultdict(dict)
    for i, v in _fetch(" UNION ALL ".join(parts), params):
        key, rank = wanted[i][0], wanted[i][1]
        found[key][rank] = v
    if sum(len(values) for values in found.values()) != len(wanted):
        return None
    for key, values in found.items():
        result[key]["submitted"] = {0.5: _interpolate(values, result[key]["n"], 0.5)}
    return result


def channel_months(*, scope: ReportScope, flt: ReportFilter) -> list[tuple[dt.date, str, int]]:
    """(month, channel, cases received) with at least one case, from the daily figures — one query."""
    rows = (
        DailyCaseFigures.objects.filter(rollup_q(scope=scope, flt=flt), day__gte=flt.start, day__lt=flt.end)
        .annotate(month=TruncMonth("day"))
        .values("month", "channel")
        .annotate(n=Sum("received"))
        .filter(n__gt=0)
        .order_by()
    )
    months: dict[tuple[dt.date, str], int] = {(row["month"], row["channel"]): row["n"] for row in rows}
    unfolded = (
        uncounted_facts(scope=scope, flt=flt)
        .filter(submitted_at__gte=flt.start_at, submitted_at__lt=flt.end_at)
        .values_list("submitted_at", "channel")
    )
    for submitted_at, channel in unfolded:  # submissions not yet folded into the daily rows: few, so counted here
        month = submitted_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date().replace(day=1)
        months[(month, channel)] = months.get((month, channel), 0) + 1
    return sorted((month, channel, n) for (month, channel), n in months.items())


def uncounted_facts(*, scope: ReportScope, flt: ReportFilter) -> QuerySet[CaseFact]:
    """The scope's submissions whose figures are not yet in the daily rows and cohorts (their facts count them)."""
    return CaseFact.objects.filter(rollup_q(scope=scope, flt=flt), counted=False)


def sla_months(*, scope: ReportScope, flt: ReportFilter) -> list[tuple[dt.date, int, int]]:
    """(month, resolved with a due date, of which within it), by month of resolution, from the daily figures."""
    rows = (
        DailyCaseFigures.objects.filter(rollup_q(scope=scope, flt=flt), day__gte=flt.start, day__lt=flt.end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(resolved=Sum("sla_measured"), met=Sum("sla_met"))
        .filter(resolved__gt=0)
        .order_by()
    )
    return [(row["month"], row["resolved"], row["met"]) for row in rows]
