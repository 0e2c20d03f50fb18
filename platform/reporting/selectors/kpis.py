"""Case KPIs for a scope and filter, overall or grouped by council, service or channel.

Definitions (also in docs/reporting.md):
- received / resolved / closed: submitted_at / resolved_at / closed_at inside [start, end).
- backlog: submitted before `end` and neither resolved nor closed before `end`; age measured at `end`.
- first response: the first task_claimed or message_sent event with an officer as actor, minus submitted_at,
  for cases received in the period.
- resolution time: resolved_at − submitted_at for cases resolved in the period (a reopened case counts from
  its original submission to its latest resolution).
- SLA met: of cases resolved in the period with a due date, the share with resolved_at ≤ due_at.
- reopen rate: reopened events in the period ÷ resolved events in the period.
- satisfaction: mean rating of cases closed in the period that the resident rated.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case as Choose
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, When

from casework.models import Case, CaseEvent, CaseTask, Channel, EventKind

from ..filters import ReportFilter
from ..scope import ReportScope
from ..sql import FRACTIONS, EpochSeconds, figures_by, seconds_between
from .rollups import backlog_figures, daily_figures, first_response_percentiles, projection_serves

CASE_GROUPS = {"council": "council_id", "service": "service_id", "channel": "channel"}
# Same kinds, in the same order, as the partial index casework.CaseEvent "caseevent_first_response".
FIRST_RESPONSE_KINDS = (EventKind.TASK_CLAIMED, EventKind.MESSAGE_SENT)
REOPEN_KINDS = (EventKind.RESOLVED, EventKind.REOPENED)  # as the partial index "caseevent_report_reopen"
HOUR, DAY = 3600.0, 86400.0


def cases_q(*, scope: ReportScope, flt: ReportFilter, prefix: str = "") -> Q:
    """Q for the cases the scope may see, narrowed by the filter's dimensions (not by its dates); `prefix`
    (e.g. 'case__') applies it to rows that point at a case, as a join rather than an IN (all those cases)."""
    q = scope.case_q(prefix)
    for name, value in (("council_id", flt.council_id), ("service_id", flt.service_id), ("channel", flt.channel)):
        if value:
            q &= Q(**{f"{prefix}{name}": value})
    pk = OuterRef(f"{prefix}pk" if prefix else "pk")
    if flt.team_id:
        q &= Q(Exists(CaseTask.objects.filter(case_id=pk, team_id=flt.team_id)))
    if flt.officer_id:
        q &= Q(Exists(CaseTask.objects.filter(case_id=pk, owner_id=flt.officer_id)))
    return q


def cases_for_report(*, scope: ReportScope, flt: ReportFilter) -> QuerySet[Case]:
    """Cases the scope may see, narrowed by the filter's dimensions (not by its dates)."""
    return Case.objects.filter(cases_q(scope=scope, flt=flt)).order_by()


def flag(condition: Q) -> Choose:
    """1 for rows meeting `condition`, else 0 (summed for counts)."""
    return Choose(When(condition, then=1), default=0)


def kpis_compute(
    *,
    scope: ReportScope,
    flt: ReportFilter,
    group: str | None = None,
    with_total: bool = False,
    projection: bool = True,
) -> dict[Any, dict[str, Any]]:
    """{group key (None when ungrouped): {kpi key: value}}; `with_total` adds the all-groups figures under None.

    From the reporting projection when it serves the scope and filter (`projection=False` forces the direct
    queries; the figures are the same): five or six queries whatever the number of cases. Otherwise five queries
    on PostgreSQL (grouped and total figures together, by GROUPING SETS), each reading one index range: cases
    received, resolved, closed in the period, the backlog at its end, and the resolved/reopened events in it.
    """
    field = CASE_GROUPS[group] if group else None
    cases = cases_for_report(scope=scope, flt=flt)
    start, end = flt.start_at, flt.end_at
    resolved = figures_by(
        cases.filter(resolved_at__gte=start, resolved_at__lt=end),
        group=field,
        totals=with_total,
        sums={
            "sla_measured": flag(Q(due_at__isnull=False)),
            "sla_met": flag(Q(due_at__isnull=False, resolved_at__lte=F("due_at"))),
        },
        percentiles={"resolution": (seconds_between("submitted_at", "resolved_at"), FRACTIONS)},
    )
    if projection and projection_serves(scope=scope, flt=flt):
        received, closed, backlog, events = _from_projection(scope=scope, flt=flt, group=field, totals=with_total)
    else:
        received, closed, backlog, events = _from_cases(
            scope=scope, flt=flt, cases=cases, group=field, totals=with_total
        )
    return _assemble(
        received=received, resolved=resolved, closed=closed, backlog=backlog, events=events, end_epoch=end.timestamp()
    )


def _from_projection(
    *, scope: ReportScope, flt: ReportFilter, group: str | None, totals: bool
) -> tuple[dict, dict, dict, dict]:
    """Received, closed, backlog and event figures from the projection, shaped like `_from_cases`'s."""
    daily = daily_figures(scope=scope, flt=flt, group=group, totals=totals)
    response = first_response_percentiles(scope=scope, flt=flt, group=group, totals=totals)
    received = {k: {"n": f["received"], "web": f["web"], "response": response.get(k)} for k, f in daily.items()}
    closed = {
        k: {
            "n": f["closed"],
            "rated": f["rated"],
            "satisfaction": f["satisfaction_sum"] / f["rated"] if f["rated"] else None,
        }
        for k, f in daily.items()
    }
    events = {k: {"resolved": f["resolutions"], "reopened": f["reopenings"]} for k, f in daily.items()}
    backlog = backlog_figures(scope=scope, flt=flt, group=group, totals=totals)
    if backlog is None:  # cohorts out of step with the cases (a change that bypassed the services): read the cases
        backlog = _backlog_from_cases(
            cases_for_report(scope=scope, flt=flt), end=flt.end_at, group=group, totals=totals
        )
    return received, closed, backlog, events


def _from_cases(
    *, scope: ReportScope, flt: ReportFilter, cases: QuerySet[Case], group: str | None, totals: bool
) -> tuple[dict, dict, dict, dict]:
    """Received, closed, backlog and event figures read from the cases and events themselves."""
    start, end = flt.start_at, flt.end_at
    first_response = Subquery(
        CaseEvent.objects.filter(case_id=OuterRef("pk"), kind__in=FIRST_RESPONSE_KINDS, actor__isnull=False)
        .order_by("at")
        .values("at")[:1]
    )
    received = figures_by(
        cases.filter(submitted_at__gte=start, submitted_at__lt=end),
        group=group,
        totals=totals,
        sums={"web": flag(Q(channel=Channel.WEB))},
        percentiles={"response": (EpochSeconds(first_response) - EpochSeconds(F("submitted_at")), FRACTIONS)},
    )
    closed = figures_by(
        cases.filter(closed_at__gte=start, closed_at__lt=end),
        group=group,
        totals=totals,
        sums={"rated": flag(Q(satisfaction__isnull=False))},
        means={"satisfaction": F("satisfaction")},
    )
    backlog = _backlog_from_cases(cases, end=end, group=group, totals=totals)
    events = figures_by(
        CaseEvent.objects.filter(
            cases_q(scope=scope, flt=flt, prefix="case__"), at__gte=start, at__lt=end, kind__in=REOPEN_KINDS
        ),
        group=f"case__{group}" if group else None,
        totals=totals,
        sums={"resolved": flag(Q(kind=EventKind.RESOLVED)), "reopened": flag(Q(kind=EventKind.REOPENED))},
    )
    return received, closed, backlog, events


def _backlog_from_cases(cases: QuerySet[Case], *, end, group: str | None, totals: bool) -> dict[Any, dict[str, Any]]:
    return figures_by(
        cases.filter(submitted_at__lt=end).exclude(resolved_at__lt=end).exclude(closed_at__lt=end),
        group=group,
        totals=totals,
        percentiles={"submitted": (EpochSeconds(F("submitted_at")), (0.5,))},
    )


def _assemble(
    *, received: dict, resolved: dict, closed: dict, backlog: dict, events: dict, end_epoch: float
) -> dict[Any, dict[str, Any]]:
    keys = {
        k: None
        for part in (received, resolved, closed, backlog)
        for k, figures in part.items()
        if figures["n"] or k is None
    }
    result = {}
    for key in keys:  # one row per group (councils, services or channels), never per case
        rec, res, clo = received.get(key, {}), resolved.get(key, {}), closed.get(key, {})
        response, resolution = rec.get("response") or {}, res.get("resolution") or {}
        oldest_median = (backlog.get(key, {}).get("submitted") or {}).get(0.5)
        events_here = events.get(key, {})
        satisfaction = clo.get("satisfaction")
        result[key] = {
            "received": rec.get("n") or 0,
            "resolved": res.get("n") or 0,
            "closed": clo.get("n") or 0,
            "backlog": backlog.get(key, {}).get("n") or 0,
            "backlog_age_median_days": _scale(end_epoch - oldest_median if oldest_median is not None else None, DAY),
            "first_response_median_hours": _scale(response.get(0.5), HOUR),
            "first_response_p90_hours": _scale(response.get(0.9), HOUR),
            "resolution_median_days": _scale(resolution.get(0.5), DAY),
            "resolution_p90_days": _scale(resolution.get(0.9), DAY),
            "sla_met_pct": _pct(res.get("sla_met") or 0, res.get("sla_measured") or 0),
            "reopen_rate_pct": _pct(events_here.get("reopened") or 0, events_here.get("resolved") or 0),
            "satisfaction_avg": round(float(satisfaction), 2) if satisfaction is not None else None,
            "satisfaction_count": clo.get("rated") or 0,
            "web_share_pct": _pct(rec.get("web") or 0, rec.get("n") or 0),
        }
    return result


def _scale(seconds: float | None, unit: float) -> float | None:
    return None if seconds is None else round(seconds / unit, 2)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
