"""SLA figures reporting reads: due-date extensions and breaches in a period, for a scope and filter.

- extensions: `due_extended` events in [start, end), the cases they were on and the working days added.
- breached: cases recorded past their due date (`sla_breached` events on the case, not on a task) in the period.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from casework.models import CaseEvent, EventKind

from ..filters import ReportFilter
from ..scope import ReportScope
from .kpis import cases_q


def sla_figures(*, scope: ReportScope, flt: ReportFilter) -> dict[str, int]:
    """{"extensions", "cases_extended", "extended_working_days", "cases_breached"} in the filter's period."""
    if scope.is_empty:
        return {"extensions": 0, "cases_extended": 0, "extended_working_days": 0, "cases_breached": 0}
    events = CaseEvent.objects.filter(
        cases_q(scope=scope, flt=flt, prefix="case__"), at__gte=flt.start_at, at__lt=flt.end_at
    )
    extended = events.filter(kind=EventKind.DUE_EXTENDED).aggregate(
        extensions=Count("pk"),
        cases_extended=Count("case", distinct=True),
        extended_working_days=Sum(Cast(KeyTextTransform("working_days", "detail"), IntegerField())),
    )
    breached = events.filter(Q(kind=EventKind.SLA_BREACHED), task__isnull=True).aggregate(
        cases_breached=Count("case", distinct=True)
    )
    return {
        "extensions": extended["extensions"],
        "cases_extended": extended["cases_extended"],
        "extended_working_days": extended["extended_working_days"] or 0,
        "cases_breached": breached["cases_breached"],
    }
