"""Late and nearly-late work for team leaders, in the councils where they lead teams.

Breached rows are the ones the SLA sweep recorded (`sla_breached` events set `sla_breached_at`); at risk
means due within AT_RISK_WORKING_HOURS of the council's business calendar, clock running.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from councils.models import Council
from councils.scoping import council_ids_for
from workflows.business_calendar import council_calendar

from .models import Case, CaseStatus, CaseTask

AT_RISK_WORKING_HOURS = 8
LIST_LIMIT = 200
FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


def leader_council_ids(user: AbstractBaseUser | AnonymousUser) -> list[int]:
    return council_ids_for(user, "lead_teams")


def _open_cases(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Case]:
    return (
        Case.objects.filter(council_id__in=leader_council_ids(user))
        .exclude(case_status__in=FINISHED)
        .select_related("service", "council")
    )


def sla_breached_cases(user: AbstractBaseUser | AnonymousUser) -> list[Case]:
    """Open cases past their due date, most overdue first."""
    return list(_open_cases(user).filter(sla_breached_at__isnull=False).order_by("due_at", "pk")[:LIST_LIMIT])


def sla_at_risk_cases(user: AbstractBaseUser | AnonymousUser, *, now: datetime) -> list[Case]:
    """Open cases, clock running, falling due within a working day of each council's calendar."""
    soon = Q()
    for council in Council.objects.filter(pk__in=leader_council_ids(user)):
        limit = council_calendar(council).working_hours_add(now, AT_RISK_WORKING_HOURS)
        soon |= Q(council_id=council.pk, due_at__lt=limit)
    if not soon:
        return []
    return list(
        _open_cases(user)
        .filter(soon, due_at__gte=now, sla_breached_at__isnull=True, clock_stopped_at__isnull=True)
        .order_by("due_at", "pk")[:LIST_LIMIT]
    )


def sla_breached_tasks(user: AbstractBaseUser | AnonymousUser) -> list[CaseTask]:
    """Open tasks past their own due date, with their queue and holder."""
    return list(
        CaseTask.objects.filter(council_id__in=leader_council_ids(user), is_open=True, sla_breached_at__isnull=False)
        .select_related("case", "case__service", "team", "task__owner")
        .order_by("due_at", "pk")[:LIST_LIMIT]
    )
