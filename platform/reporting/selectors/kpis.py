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

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from casework.models import Case, CaseEvent, CaseTask, Channel, EventKind

from ..filters import ReportFilter
from ..scope import ReportScope
from ..sql import EpochSeconds, percentiles_by, seconds_between

CASE_GROUPS = {"council": "council_id", "service": "service_id", "channel": "channel"}
FIRST_RESPONSE_KINDS = (EventKind.TASK_CLAIMED, EventKind.MESSAGE_SENT)
HOUR, DAY = 3600.0, 86400.0


def cases_for_report(*, scope: ReportScope, flt: ReportFilter) -> QuerySet[Case]:
    """Cases the scope may see, narrowed by the filter's dimensions (not by its dates)."""
    qs = Case.objects.filter(scope.case_q()).order_by()
    if flt.council_id:
        qs = qs.filter(council_id=flt.council_id)
    if flt.service_id:
        qs = qs.filter(service_id=flt.service_id)
    if flt.channel:
        qs = qs.filter(channel=flt.channel)
    if flt.team_id:
        qs = qs.filter(Exists(CaseTask.objects.filter(case_id=OuterRef("pk"), team_id=flt.team_id)))
    if flt.officer_id:
        qs = qs.filter(Exists(CaseTask.objects.filter(case_id=OuterRef("pk"), task__owner_id=flt.officer_id)))
    return qs


def kpis_compute(*, scope: ReportScope, flt: ReportFilter, group: str | None = None) -> dict[Any, dict[str, Any]]:
    """{group key (None when ungrouped): {kpi key: value}} in five queries, whatever the number of cases."""
    field = CASE_GROUPS[group] if group else None
    cases = cases_for_report(scope=scope, flt=flt)
    start, end = flt.start_at, flt.end_at
    received = Q(submitted_at__gte=start, submitted_at__lt=end)
    resolved = Q(resolved_at__gte=start, resolved_at__lt=end)
    backlog = Q(submitted_at__lt=end) & ~Q(resolved_at__lt=end) & ~Q(closed_at__lt=end)
    counts = {
        "received": Count("pk", filter=received),
        "resolved": Count("pk", filter=resolved),
        "closed": Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        "backlog": Count("pk", filter=backlog),
        "sla_measured": Count("pk", filter=resolved & Q(due_at__isnull=False)),
        "sla_met": Count("pk", filter=resolved & Q(due_at__isnull=False, resolved_at__lte=F("due_at"))),
        "satisfaction_avg": Avg("satisfaction", filter=Q(closed_at__gte=start, closed_at__lt=end, satisfaction__isnull=False)),
        "satisfaction_count": Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end, satisfaction__isnull=False)),
        "web_received": Count("pk", filter=received & Q(channel=Channel.WEB)),
    }
    relevant = cases.filter(received | resolved | backlog | Q(closed_at__gte=start, closed_at__lt=end))
    if field:
        rows = {r.pop("_g"): r for r in relevant.annotate(_g=F(field)).values("_g").annotate(**counts)}
    else:
        rows = {None: relevant.aggregate(**counts)}

    first_response = Subquery(
        CaseEvent.objects.filter(case_id=OuterRef("pk"), kind__in=FIRST_RESPONSE_KINDS, actor__isnull=False).order_by("at").values("at")[:1]
    )
    response = percentiles_by(cases.filter(received), value=EpochSeconds(first_response) - EpochSeconds(F("submitted_at")), group=field)
    resolution = percentiles_by(cases.filter(resolved), value=seconds_between("submitted_at", "resolved_at"), group=field)
    backlog_submitted = percentiles_by(cases.filter(backlog), value=EpochSeconds(F("submitted_at")), group=field, fractions=(0.5,))
    events = CaseEvent.objects.filter(case__in=cases, at__gte=start, at__lt=end, kind__in=(EventKind.RESOLVED, EventKind.REOPENED))
    event_group = f"case__{field}" if field else None
    event_counts: dict[Any, dict[str, int]] = {}
    for row in events.values(*([event_group] if event_group else []), "kind").annotate(n=Count("pk")).order_by():
        event_counts.setdefault(row.get(event_group) if event_group else None, {})[row["kind"]] = row["n"]

    end_epoch = end.timestamp()
    result = {}
    for key, row in rows.items():  # one row per group (councils, services or channels), never per case
        resp, res = response.get(key, {}), resolution.get(key, {})
        events_here = event_counts.get(key, {})
        oldest_median = backlog_submitted.get(key, {}).get(0.5)
        result[key] = {
            "received": row["received"], "resolved": row["resolved"], "closed": row["closed"], "backlog": row["backlog"],
            "backlog_age_median_days": _scale(end_epoch - oldest_median if oldest_median is not None else None, DAY),
            "first_response_median_hours": _scale(resp.get(0.5), HOUR),
            "first_response_p90_hours": _scale(resp.get(0.9), HOUR),
            "resolution_median_days": _scale(res.get(0.5), DAY),
            "resolution_p90_days": _scale(res.get(0.9), DAY),
            "sla_met_pct": _pct(row["sla_met"], row["sla_measured"]),
            "reopen_rate_pct": _pct(events_here.get(EventKind.REOPENED, 0), events_here.get(EventKind.RESOLVED, 0)),
            "satisfaction_avg": round(row["satisfaction_avg"], 2) if row["satisfaction_avg"] is not None else None,
            "satisfaction_count": row["satisfaction_count"],
            "web_share_pct": _pct(row["web_received"], row["received"]),
        }
    return result


def _scale(seconds: float | None, unit: float) -> float | None:
    return None if seconds is None else round(seconds / unit, 2)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
