"""Per officer and per team: tasks completed in the period (on time, handling time), read from the reporting
projection's TaskFacts like the council view, and work in progress now, read from the open tasks (the queues' own
figure: who holds what at this moment, which no projection of the past can give)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet

from casework.models import CaseTask

from ..filters import ReportFilter
from ..models import TaskFact
from ..scope import ReportScope
from ..sql import percentiles_by, seconds_between

PEOPLE_GROUPS = {
    "officer": ("completed_by_id", "owner_id"),  # owner: viewflow Task.owner, copied onto CaseTask by trigger
    "team": ("team_id", "team_id"),
}


def tasks_for_report(*, scope: ReportScope, flt: ReportFilter) -> QuerySet[CaseTask]:
    """Live CaseTask rows in scope and filter: the open tasks, and the direct queries the projection must equal."""
    return _filtered(CaseTask.objects.all(), scope=scope, flt=flt, case_prefix="case__")


def completed_tasks_for_report(*, scope: ReportScope, flt: ReportFilter, projection: bool = True) -> QuerySet[Any]:
    """Tasks completed in the period, in scope and filter: TaskFacts, or (projection=False) live CaseTasks."""
    if not projection:
        tasks: QuerySet[Any] = tasks_for_report(scope=scope, flt=flt)
    else:
        tasks = _filtered(TaskFact.objects.all(), scope=scope, flt=flt, case_prefix="")
    return tasks.filter(completed_at__gte=flt.start_at, completed_at__lt=flt.end_at)


def _filtered(qs: QuerySet[Any], *, scope: ReportScope, flt: ReportFilter, case_prefix: str) -> QuerySet[Any]:
    """TaskFact and CaseTask name the same columns, except the case's service and channel (copied on a fact)."""
    qs = qs.filter(scope.task_q()).order_by()
    if flt.council_id:
        qs = qs.filter(council_id=flt.council_id)
    if flt.service_id:
        qs = qs.filter(**{f"{case_prefix}service_id": flt.service_id})
    if flt.channel:
        qs = qs.filter(**{f"{case_prefix}channel": flt.channel})
    if flt.team_id:
        qs = qs.filter(team_id=flt.team_id)
    if flt.officer_id:
        qs = qs.filter(Q(owner_id=flt.officer_id) | Q(completed_by_id=flt.officer_id))
    return qs


def task_kpis_compute(
    *, scope: ReportScope, flt: ReportFilter, group: str, projection: bool = True
) -> dict[Any, dict[str, Any]]:
    """{officer or team id: figures}. Tasks completed and handling time by who completed them in the period
    (from the projection; projection=False counts live CaseTasks, which must agree); work in progress = open tasks
    claimed by (officer) or queued for (team) them right now. Three queries."""
    done_field, wip_field = PEOPLE_GROUPS[group]
    tasks = tasks_for_report(scope=scope, flt=flt)
    done = completed_tasks_for_report(scope=scope, flt=flt, projection=projection).filter(
        **{f"{done_field}__isnull": False}
    )
    completed = (
        done.annotate(_g=F(done_field))
        .values("_g")
        .annotate(
            completed=Count("pk"),
            on_time=Count("pk", filter=Q(due_at__isnull=False, completed_at__lte=F("due_at"))),
            with_due=Count("pk", filter=Q(due_at__isnull=False)),
        )
    )
    handling = percentiles_by(done, value=seconds_between("created_at", "completed_at"), group=done_field)
    wip = (
        tasks.filter(is_open=True, **{f"{wip_field}__isnull": False})
        .annotate(_g=F(wip_field))
        .values("_g")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=flt.end_at)),
            oldest_due=Min("due_at"),
        )
    )
    result: dict[Any, dict[str, Any]] = {}
    for row in completed:
        result[row["_g"]] = {
            "completed": row["completed"],
            "on_time_pct": round(100.0 * row["on_time"] / row["with_due"], 1) if row["with_due"] else None,
            "handling_median_hours": _hours(handling.get(row["_g"], {}).get(0.5)),
            "handling_p90_hours": _hours(handling.get(row["_g"], {}).get(0.9)),
            "open": 0,
            "overdue": 0,
        }
    for row in wip:
        entry = result.setdefault(
            row["_g"], {"completed": 0, "on_time_pct": None, "handling_median_hours": None, "handling_p90_hours": None}
        )
        entry.update(open=row["open"], overdue=row["overdue"])
    return result


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600.0, 2)
