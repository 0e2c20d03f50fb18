"""The officer inbox: "My tasks" and team queues, filtered, counted and paged by keyset on (due_at, pk).

Keyset (not OFFSET) paging keeps every page one index range scan, so page 5,000 of a million-case
council costs what page 1 does (index `casetask_queue_keyset`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from councils.models import Team

from .models import CaseTask
from .selectors import officer_tasks

PAGE_SIZE = 25
COUNT_CAP = 1000  # queue badges count up to here, then read "1,000+"
ROW_FIELDS = (
    "title",
    "instance_label",
    "due_at",
    "team",
    "case",
    "council",
    "owner",
    "is_open",
    "case__reference",
    "case__channel",
    "case__case_status",
    "case__service__name",
    "case__customer__name",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)
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
    def from_query(cls, params) -> InboxFilters:
        service = params.get("service", "")
        return cls(
            service=int(service) if service.isdigit() else None,
            status=params.get("status", ""),
            sla=params.get("sla", "") if params.get("sla", "") in SLA_STATES else "",
            channel=params.get("channel", ""),
            assigned=params.get("assigned", ""),
        )

    def as_query(self) -> dict[str, str]:
        values = {
            "service": self.service or "",
            "status": self.status,
            "sla": self.sla,
            "channel": self.channel,
            "assigned": self.assigned,
        }
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
        tasks = tasks.filter(owner=user)
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
        tasks = tasks.filter(owner__isnull=True)
    elif filters.assigned == "me":
        tasks = tasks.filter(owner=user)
    elif filters.assigned.isdigit():
        tasks = tasks.filter(owner_id=int(filters.assigned))
    return tasks


def inbox_page(
    user: AbstractBaseUser, queue: str, filters: InboxFilters, *, after: str = "", size: int = PAGE_SIZE
) -> InboxPage:
    """One page of a queue, most urgent first (overdue, then due soon, then later, then undated)."""
    tasks = _after_cursor(_row_columns(queue_tasks(user, queue, filters)), after).order_by(
        F("due_at").asc(nulls_last=True), "pk"
    )
    rows = list(tasks[: size + 1])
    page = InboxPage(tasks=rows[:size])
    if len(rows) > size:
        last = rows[size - 1]
        page.next_cursor = f"{last.due_at.isoformat() if last.due_at else ''}|{last.pk}"
    return page


def _row_columns(tasks: QuerySet[CaseTask]) -> QuerySet[CaseTask]:
    """Only what an inbox row shows (casework/_task_row.html): every joined table costs planning time and
    every column loading time, more than the index walk that finds the rows. The owner comes from
    CaseTask.owner, so viewflow_task is not joined."""
    return tasks.select_related(None).select_related("case__service", "case__customer", "owner").only(*ROW_FIELDS)


def _after_cursor(tasks: QuerySet[CaseTask], cursor: str) -> QuerySet[CaseTask]:
    due_text, _, pk_text = cursor.partition("|")
    if not pk_text.isdigit():
        return tasks
    pk = int(pk_text)
    due: datetime | None = parse_datetime(due_text) if due_text else None
    if due is None:
        return tasks.filter(due_at__isnull=True, pk__gt=pk)
    return tasks.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk) | Q(due_at__isnull=True))


def queue_counts(
    user: AbstractBaseUser, teams: list[Team], *, unclaimed: bool = True, cap: int = COUNT_CAP
) -> dict[str, dict[str, int]]:
    """Open, unclaimed and overdue tasks of "mine" and every team, in one query; each count stops at `cap` + 1.

    Counting every open task of a busy team costs time in proportion to its backlog. Here each count walks
    at most `cap` + 1 entries of an index in due-date order (overdue tasks come first, so one walk counts
    open and overdue), so a badge costs the same at any size and reads "1,000+" past the cap; reporting
    has the exact figures. `unclaimed=False` leaves out the unclaimed counts (0) for pages that do not show them.
    """
    now = timezone.now()
    open_tasks = officer_tasks(user).filter(is_open=True)
    walks = {"mine": open_tasks.filter(owner=user)}
    for team in teams:
        walks[f"{team.pk}"] = open_tasks.filter(team_id=team.pk)
        if unclaimed:
            walks[f"{team.pk}_unassigned"] = open_tasks.filter(team_id=team.pk, owner__isnull=True)
    totals = _capped_counts(walks, limit=cap + 1, late_before=now)
    counts = {"mine": {"open": totals["mine"][0], "overdue": totals["mine"][1], "unassigned": 0}}
    for team in teams:
        (open_count, overdue), (unassigned, _) = totals[f"{team.pk}"], totals.get(f"{team.pk}_unassigned", (0, 0))
        counts[str(team.pk)] = {"open": open_count, "unassigned": unassigned, "overdue": overdue}
    return counts


def _capped_counts(
    walks: dict[str, QuerySet[CaseTask]], *, limit: int, late_before: datetime
) -> dict[str, tuple[int, int]]:
    """(rows, rows due before `late_before`) among the first `limit` rows of each queryset by due date, in one query."""
    parts, params, keys = [], [], []
    for key, qs in walks.items():
        compiled = _sql_or_none(qs.order_by(F("due_at").asc(nulls_last=True), "pk").values("due_at")[:limit])
        if compiled is None:
            continue
        sql, walk_params = compiled
        parts.append(
            f"(SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN w.due_at < %s THEN 1 ELSE 0 END), 0) AS late FROM ({sql}) w) c{len(keys)}"
        )
        params += [late_before, *walk_params]
        keys.append(key)
    counts = {key: (0, 0) for key in walks}
    if keys:
        columns = ", ".join(f"c{n}.n, c{n}.late" for n in range(len(keys)))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns} FROM {', '.join(parts)}", params)
            row = cursor.fetchone()
        counts.update({key: (row[2 * n], row[2 * n + 1]) for n, key in enumerate(keys)})
    return counts


def _sql_or_none(qs: QuerySet) -> tuple[str, tuple] | None:
    """The queryset's SQL, or None when it cannot match anything (an officer with no councils: `IN ()`)."""
    try:
        return qs.query.sql_with_params()
    except EmptyResultSet:
        return None


def sla_state(due_at: datetime | None, now: datetime) -> str:
    if due_at is None:
        return "no_due"
    if due_at < now:
        return "overdue"
    return "due_soon" if due_at < now + DUE_SOON else "on_track"


def queue_previews(user: AbstractBaseUser, teams: list[Team], *, size: int = 10) -> dict[int, list[CaseTask]]:
    """The most urgent unclaimed tasks of every team, in two queries whatever the number of teams.

    Each team's top `size` is its own short walk of the `casetask_unclaimed` index (ORDER BY due_at
    LIMIT size), glued with UNION ALL; then one fetch of those rows. A window over every unclaimed task
    sorts a team's whole backlog, and `pk IN (union)` lets the planner hash-join it all, hence the two steps.
    """
    if not teams:
        return {}
    unclaimed = officer_tasks(user).filter(is_open=True, owner__isnull=True)
    parts, params = [], []
    for team in teams:
        compiled = _sql_or_none(
            unclaimed.filter(team_id=team.pk).order_by(F("due_at").asc(nulls_last=True), "pk").values("pk")[:size]
        )
        if compiled is not None:
            parts.append(
                f"SELECT * FROM ({compiled[0]}) AS top_{len(parts)}"
            )  # a bare LIMIT inside UNION is not valid SQLite
            params += compiled[1]
    ids = []
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            ids = [row[0] for row in cursor.fetchall()]
    tasks = _row_columns(officer_tasks(user).filter(pk__in=ids)).order_by(F("due_at").asc(nulls_last=True), "pk")
    previews: dict[int, list[CaseTask]] = {t.pk: [] for t in teams}
    for task in tasks if ids else []:
        previews[task.team_id].append(task)
    return previews
