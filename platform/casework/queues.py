"""The officer inbox: "My tasks" and team queues, filtered, counted and paged by keyset on (due_at, pk).

Keyset (not OFFSET) paging keeps every page one index range scan, so page 5,000 of a million-case
council costs what page 1 does (index `casetask_queue_keyset`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from councils.models import Team

from .models import CaseTask
from .selectors import officer_tasks

PAGE_SIZE = 25
DUE_SOON = timedelta(days=2)
SLA_STATES = {"overdue": "Overdue", "due_soon": "Due within 2 days", "on_track": "On track", "no_due": "No due date"}


@dataclass
class InboxFilters:
    service: int | None = None
    status: str = ""
    sla: str = ""
    channel: str = ""
    assigned: str = ""  # "", "me", "unassigned", or a user pk

    @classmethod
    def from_query(cls, params) -> "InboxFilters":
        service = params.get("service", "")
        return cls(
            service=int(service) if service.isdigit() else None,
            status=params.get("status", ""),
            sla=params.get("sla", "") if params.get("sla", "") in SLA_STATES else "",
            channel=params.get("channel", ""),
            assigned=params.get("assigned", ""),
        )

    def as_query(self) -> dict[str, str]:
        values = {"service": self.service or "", "status": self.status, "sla": self.sla, "channel": self.channel, "assigned": self.assigned}
        return {k: str(v) for k, v in values.items() if v}


@dataclass
class InboxPage:
    tasks: list[CaseTask]
    next_cursor: str = ""
    counts: dict = field(default_factory=dict)


def queue_tasks(user: AbstractBaseUser, queue: str, filters: InboxFilters) -> QuerySet[CaseTask]:
    """Open tasks of one queue ("mine" or a team pk the officer belongs to), filters applied."""
    tasks = officer_tasks(user).filter(is_open=True)
    if queue == "mine":
        tasks = tasks.filter(task__owner=user)
    else:
        tasks = tasks.filter(team_id=int(queue), team__memberships__user=user)
    now = timezone.now()
    if filters.service:
        tasks = tasks.filter(case__service_id=filters.service)
    if filters.status:
        tasks = tasks.filter(case__case_status=filters.status)
    if filters.channel:
        tasks = tasks.filter(case__channel=filters.channel)
    if filters.sla == "overdue":
        tasks = tasks.filter(due_at__lt=now)
    elif filters.sla == "due_soon":
        tasks = tasks.filter(due_at__gte=now, due_at__lt=now + DUE_SOON)
    elif filters.sla == "on_track":
        tasks = tasks.filter(due_at__gte=now + DUE_SOON)
    elif filters.sla == "no_due":
        tasks = tasks.filter(due_at__isnull=True)
    if filters.assigned == "unassigned":
        tasks = tasks.filter(task__owner__isnull=True)
    elif filters.assigned == "me":
        tasks = tasks.filter(task__owner=user)
    elif filters.assigned.isdigit():
        tasks = tasks.filter(task__owner_id=int(filters.assigned))
    return tasks


def inbox_page(user: AbstractBaseUser, queue: str, filters: InboxFilters, *, after: str = "", size: int = PAGE_SIZE) -> InboxPage:
    """One page of a queue, most urgent first (overdue, then due soon, then later, then undated)."""
    tasks = queue_tasks(user, queue, filters).select_related("case__customer").defer(
        "case__answers", "case__outcomes", "case__task_answers", "case__data", "task__data", "case__customer__address"
    )
    tasks = _after_cursor(tasks, after).order_by(F("due_at").asc(nulls_last=True), "pk")
    rows = list(tasks[: size + 1])
    page = InboxPage(tasks=rows[:size])
    if len(rows) > size:
        last = rows[size - 1]
        page.next_cursor = f"{last.due_at.isoformat() if last.due_at else ''}|{last.pk}"
    return page


def _after_cursor(tasks: QuerySet[CaseTask], cursor: str) -> QuerySet[CaseTask]:
    due_text, _, pk_text = cursor.partition("|")
    if not pk_text.isdigit():
        return tasks
    pk = int(pk_text)
    due: datetime | None = parse_datetime(due_text) if due_text else None
    if due is None:
        return tasks.filter(due_at__isnull=True, pk__gt=pk)
    return tasks.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk) | Q(due_at__isnull=True))


def queue_counts(user: AbstractBaseUser, teams: list[Team]) -> dict[str, dict[str, int]]:
    """Open, unassigned and overdue counts for "mine" and every team, in one aggregate query."""
    now = timezone.now()
    team_ids = [t.pk for t in teams]
    tasks = officer_tasks(user).filter(is_open=True).filter(Q(team_id__in=team_ids) | Q(task__owner=user))
    aggregates = {"mine": Count("pk", filter=Q(task__owner=user)), "mine_overdue": Count("pk", filter=Q(task__owner=user, due_at__lt=now))}
    for pk in team_ids:
        aggregates[f"t{pk}"] = Count("pk", filter=Q(team_id=pk))
        aggregates[f"t{pk}_unassigned"] = Count("pk", filter=Q(team_id=pk, task__owner__isnull=True))
        aggregates[f"t{pk}_overdue"] = Count("pk", filter=Q(team_id=pk, due_at__lt=now))
    totals = tasks.order_by().aggregate(**aggregates)
    counts = {"mine": {"open": totals["mine"], "overdue": totals["mine_overdue"], "unassigned": 0}}
    for pk in team_ids:
        counts[str(pk)] = {"open": totals[f"t{pk}"], "unassigned": totals[f"t{pk}_unassigned"], "overdue": totals[f"t{pk}_overdue"]}
    return counts


def sla_state(due_at: datetime | None, now: datetime) -> str:
    if due_at is None:
        return "no_due"
    if due_at < now:
        return "overdue"
    return "due_soon" if due_at < now + DUE_SOON else "on_track"


def queue_previews(user: AbstractBaseUser, teams: list[Team], *, size: int = 10) -> dict[int, list[CaseTask]]:
    """The most urgent unclaimed tasks of every team, in one query (a row number per team)."""
    if not teams:
        return {}
    ranked = Window(RowNumber(), partition_by=F("team_id"), order_by=[F("due_at").asc(nulls_last=True), F("pk").asc()])
    tasks = (
        officer_tasks(user)
        .filter(is_open=True, task__owner__isnull=True, team_id__in=[t.pk for t in teams])
        .select_related("case__customer")
        .defer("case__answers", "case__outcomes", "case__task_answers", "case__data", "task__data", "case__customer__address")
        .annotate(row=ranked)
        .filter(row__lte=size)
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    )
    previews: dict[int, list[CaseTask]] = {t.pk: [] for t in teams}
    for task in tasks:
        previews[task.team_id].append(task)
    return previews
