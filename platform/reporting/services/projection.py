"""Keeping the reporting projection (`reporting.models.projection`) true: each case change re-projects that case in
the change's own transaction (`case_projection_refresh`, called where CaseEvents are recorded), and
`projection_rebuild` recomputes every row from cases and events. Both derive a case's rows with the same function,
so a rebuild equals the incremental result (rows whose counts all fell to zero may linger incrementally). A case's
completed tasks (`TaskFact`, read by the team and officer breakdowns) follow its task-completing events the same way."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q, QuerySet

from casework.models import Case, CaseEvent, CaseTask, EventKind

from ..models import BacklogCohort, CaseFact, DailyCaseFigures, TaskFact

STILL_OPEN = dt.date(9999, 12, 31)  # exit_day of a case in the backlog
DAILY_KEYS = ("council_id", "day", "service_id", "channel")
DAILY_FIELDS = (
    "received",
    "resolved",
    "sla_measured",
    "sla_met",
    "closed",
    "rated",
    "satisfaction_sum",
    "resolutions",
    "reopenings",
)
COHORT_KEYS = ("council_id", "submitted_day", "exit_day", "service_id", "channel")
CASE_COLUMNS = (
    "pk",
    "council_id",
    "service_id",
    "channel",
    "submitted_at",
    "due_at",
    "resolved_at",
    "closed_at",
    "satisfaction",
)
FACT_COLUMNS = ("case_id", *CASE_COLUMNS[1:], "first_response_at", "resolutions", "reopenings")
# The first-response and reopen-rate definitions of reporting.selectors.kpis.
FIRST_RESPONSE_KINDS = (EventKind.TASK_CLAIMED, EventKind.MESSAGE_SENT)
EVENT_KINDS = (EventKind.RESOLVED, EventKind.REOPENED)
# Event kinds recorded when a case field the projection reads has just changed (or a first response happened).
PROJECTED_KINDS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.RESOLVED,
        EventKind.REOPENED,
        EventKind.CLOSED,
        EventKind.REFERRED,
        EventKind.RESIDENT_CONFIRMED,
        *FIRST_RESPONSE_KINDS,
    }
)
# Event kinds recorded when a task has just been completed: by an officer, closed by a referral, or closed with
# the case (a withdrawal or cancel gives its open tasks that outcome: casework/services/cancellation.py).
TASK_FACT_KINDS = frozenset({EventKind.TASK_COMPLETED, EventKind.REFERRED, EventKind.CLOSED})
# CaseTask values a TaskFact copies (TaskFact field names, then the CaseTask lookups giving them).
TASK_FACT_FIELDS = (
    ("task_id", "task_id"),
    ("case_id", "case_id"),
    ("council_id", "council_id"),
    ("service_id", "case__service_id"),
    ("channel", "case__channel"),
    ("team_id", "team_id"),
    ("owner_id", "owner_id"),
    ("completed_by_id", "completed_by_id"),
    ("step_id", "step_id"),
    ("title", "title"),
    ("outcome", "outcome"),
    ("created_at", "created_at"),
    ("due_at", "due_at"),
    ("completed_at", "completed_at"),
)


def case_event_project(event: CaseEvent) -> None:
    """Called for every recorded CaseEvent: re-project its case when the event can change a reported figure."""
    tasks = event.kind in TASK_FACT_KINDS
    if tasks or (
        event.kind in PROJECTED_KINDS and (event.kind not in FIRST_RESPONSE_KINDS or event.actor_id is not None)
    ):
        case_projection_refresh(event.case_id, tasks=tasks)


@transaction.atomic(savepoint=False)  # part of the case change: it fails, the change fails
def case_projection_refresh(case_id: int, *, tasks: bool = True) -> None:
    """Bring one case's projection rows up to date with its Case row and events (subtract what it contributed
    before, add what it contributes now), and with its completed tasks unless `tasks` is False (an event that
    completes no task)."""
    old = CaseFact.objects.select_for_update().filter(pk=case_id).first()
    new = _fact_load(case_id)
    if tasks:
        case_task_facts_refresh(case_id)
    elif old is not None and new is not None and (old.service_id, old.channel) != (new.service_id, new.channel):
        TaskFact.objects.filter(case_id=case_id).update(service_id=new.service_id, channel=new.channel)
    if old is not None and new is not None and _fact_values(old) == _fact_values(new):
        return
    # An uncounted fact (a submission not yet folded in) has nothing in the rollups to take away.
    _figures_add([(old if old is not None and old.counted else None, -1), (new, 1)])
    if new is None:
        CaseFact.objects.filter(pk=case_id).delete()
    else:
        new.save(force_insert=old is None)


def case_task_facts_refresh(case_id: int) -> None:
    """Make the case's TaskFacts its completed tasks as they are now (two reads; writes only on a change)."""
    wanted = {fact.pk: fact for fact in _task_facts(CaseTask.objects.filter(case_id=case_id))}
    stored = {fact.pk: fact for fact in TaskFact.objects.filter(case_id=case_id)}
    if {k: _task_fact_values(f) for k, f in stored.items()} == {k: _task_fact_values(f) for k, f in wanted.items()}:
        return
    TaskFact.objects.filter(case_id=case_id).delete()
    TaskFact.objects.bulk_create(wanted.values())


def _task_facts(tasks: QuerySet[CaseTask], batch: int = 2000) -> Iterator[TaskFact]:
    names = [name for name, _ in TASK_FACT_FIELDS]
    rows = (
        tasks.filter(completed_at__isnull=False)
        .order_by()
        .values_list(*(lookup for _, lookup in TASK_FACT_FIELDS))
        .iterator(chunk_size=batch)
    )
    for row in rows:
        yield TaskFact(**dict(zip(names, row)))


def _task_fact_values(fact: TaskFact) -> tuple:
    return tuple(getattr(fact, name) for name, _ in TASK_FACT_FIELDS)


def case_projection_start(case: Case, *, events: Iterable[CaseEvent]) -> None:
    """Project a case created in this transaction from the case and every event in hand, nothing read back.

    A case as submitted (open, never resolved) counts only as received and in the open backlog, which the
    readers derive from its uncounted fact: one INSERT, no shared rollup row touched. A case that resolved or
    closed within its own submission is added to the rollups at once."""
    row = tuple(getattr(case, column) for column in CASE_COLUMNS)
    fact = _fact(row, *_event_figures((e.kind, e.actor_id, e.at) for e in events))
    fact.counted = not fact_as_received(fact)
    if fact.counted:
        _figures_add([(fact, 1)])
    fact.save(force_insert=True)


def fact_as_received(fact: CaseFact) -> bool:
    """True when all the fact adds to the rollups is one case received on its day and open in the backlog."""
    return fact.resolved_at is None and fact.closed_at is None and not fact.resolutions and not fact.reopenings


def _figures_add(contributions: list[tuple[CaseFact | None, int]]) -> None:
    """Add each fact's figures (sign 1) or take them away (sign -1) in the shared daily and backlog rows: one
    upsert per table, whatever the number of facts."""
    daily: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(DAILY_FIELDS, 0))
    cohorts: dict[tuple, int] = defaultdict(int)
    for fact, sign in contributions:
        if fact is not None:
            _contribute(fact, daily, cohorts, sign)
    _increment(
        DailyCaseFigures, DAILY_KEYS, DAILY_FIELDS, [(*k, *v.values()) for k, v in daily.items() if any(v.values())]
    )
    _increment(BacklogCohort, COHORT_KEYS, ("n",), [(*k, n) for k, n in cohorts.items() if n])


class ProjectionObserver:
    """casework.ports.CaseEventObserver (registered in ReportingConfig.ready()): the projection follows every event."""

    case_event_recorded = staticmethod(case_event_project)
    case_created = staticmethod(case_projection_start)


def projection_rebuild(*, log: Callable[[str], Any] = lambda line: None, batch: int = 5000) -> int:
    """Recompute the whole projection from cases and events, in one transaction; returns the number of cases."""
    with transaction.atomic():
        _clear()
        first = dict(
            CaseEvent.objects.filter(kind__in=FIRST_RESPONSE_KINDS, actor__isnull=False)
            .order_by()
            .values("case_id")
            .annotate(first=Min("at"))
            .values_list("case_id", "first")
        )
        events: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
        for case_id, kind, at in (
            CaseEvent.objects.filter(kind__in=EVENT_KINDS)
            .order_by()
            .values_list("case_id", "kind", "at")
            .iterator(chunk_size=batch)
        ):
            events[case_id][kind == EventKind.REOPENED].append(local_day(at).isoformat())
        daily: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(DAILY_FIELDS, 0))
        cohorts: dict[tuple, int] = defaultdict(int)
        facts: list[CaseFact] = []
        made = 0
        for row in Case.objects.order_by().values_list(*CASE_COLUMNS).iterator(chunk_size=batch):
            resolutions, reopenings = events.get(row[0], ([], []))
            fact = _fact(row, first.get(row[0]), resolutions, reopenings)
            _contribute(fact, daily, cohorts, 1)
            facts.append(fact)
            if len(facts) >= batch:
                CaseFact.objects.bulk_create(facts, batch_size=batch)
                made += len(facts)
                facts = []
                log(f"  {made} cases projected")
        CaseFact.objects.bulk_create(facts, batch_size=batch)
        made += len(facts)
        DailyCaseFigures.objects.bulk_create(
            [DailyCaseFigures(**dict(zip(DAILY_KEYS, k)), **v) for k, v in daily.items() if any(v.values())],
            batch_size=batch,
        )
        BacklogCohort.objects.bulk_create(
            [BacklogCohort(**dict(zip(COHORT_KEYS, k)), n=n) for k, n in cohorts.items() if n], batch_size=batch
        )
        task_facts: list[TaskFact] = []
        for task_fact in _task_facts(CaseTask.objects.all(), batch=batch):
            task_facts.append(task_fact)
            if len(task_facts) >= batch:
                TaskFact.objects.bulk_create(task_facts, batch_size=batch)
                task_facts = []
        TaskFact.objects.bulk_create(task_facts, batch_size=batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (CaseFact, DailyCaseFigures, BacklogCohort, TaskFact):
                cursor.execute(
                    f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM ANALYZE'} {connection.ops.quote_name(model._meta.db_table)}"
                )
    return made


def local_day(value: dt.datetime) -> dt.date:
    """The local (settings.TIME_ZONE) date of a moment: the projection's days, like the report filter's midnights."""
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def _fact_load(case_id: int) -> CaseFact | None:
    row = Case.objects.filter(pk=case_id).values_list(*CASE_COLUMNS).first()
    if row is None:
        return None
    wanted = Q(kind__in=EVENT_KINDS) | Q(kind__in=FIRST_RESPONSE_KINDS, actor__isnull=False)
    events = CaseEvent.objects.filter(wanted, case_id=case_id).order_by().values_list("kind", "actor_id", "at")
    return _fact(row, *_event_figures(events))


def _event_figures(events: Iterable[tuple[str, int | None, dt.datetime]]) -> tuple:
    """First officer response, resolution days and reopening days from a case's (kind, actor id, at) events."""
    first, resolutions, reopenings = None, [], []
    for kind, actor_id, at in events:
        if kind in FIRST_RESPONSE_KINDS:
            if actor_id is not None:
                first = at if first is None or at < first else first
        elif kind in EVENT_KINDS:
            (reopenings if kind == EventKind.REOPENED else resolutions).append(local_day(at).isoformat())
    return first, resolutions, reopenings


def _fact(row: tuple, first_response_at: dt.datetime | None, resolutions: list[str], reopenings: list[str]) -> CaseFact:
    values = dict(zip(FACT_COLUMNS, (*row, first_response_at, sorted(resolutions), sorted(reopenings))))
    return CaseFact(**values)


def _fact_values(fact: CaseFact) -> tuple:
    return tuple(getattr(fact, name) for name in FACT_COLUMNS)


def _contribute(fact: CaseFact, daily: dict[tuple, dict[str, int]], cohorts: dict[tuple, int], sign: int) -> None:
    """Add (sign 1) or subtract (−1) what one case counts in the daily figures and the backlog cohorts."""
    group = (fact.service_id, fact.channel)
    submitted = local_day(fact.submitted_at)
    daily[(fact.council_id, submitted, *group)]["received"] += sign
    if fact.resolved_at is not None:
        figures = daily[(fact.council_id, local_day(fact.resolved_at), *group)]
        figures["resolved"] += sign
        if fact.due_at is not None:
            figures["sla_measured"] += sign
            figures["sla_met"] += sign * (fact.resolved_at <= fact.due_at)
    if fact.closed_at is not None:
        figures = daily[(fact.council_id, local_day(fact.closed_at), *group)]
        figures["closed"] += sign
        if fact.satisfaction is not None:
            figures["rated"] += sign
            figures["satisfaction_sum"] += sign * fact.satisfaction
    for field, days in (("resolutions", fact.resolutions), ("reopenings", fact.reopenings)):
        for day in days:
            daily[(fact.council_id, dt.date.fromisoformat(day), *group)][field] += sign
    exits = [t for t in (fact.resolved_at, fact.closed_at) if t is not None]
    # A case leaves the backlog at its first exit, never before its submission (the KPI's own condition).
    exit_day = max(submitted, local_day(min(exits))) if exits else STILL_OPEN
    cohorts[(fact.council_id, submitted, exit_day, *group)] += sign


def _increment(model, keys: Iterable[str], fields: Iterable[str], rows: list[tuple]) -> None:
    """Add each row's figures to the stored row with the same keys (creating it): one upsert statement, so
    concurrent cases adding to the same day never lose an update; rows in key order, so two never deadlock."""
    if not rows:
        return
    rows = sorted(rows, key=lambda row: tuple(str(v) for v in row))
    q = connection.ops.quote_name
    table, keys, fields = q(model._meta.db_table), list(keys), list(fields)
    columns = keys + fields
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    updates = ", ".join(f"{q(f)} = {table}.{q(f)} + excluded.{q(f)}" for f in fields)
    sql = (
        f"INSERT INTO {table} ({', '.join(map(q, columns))}) VALUES {values} "
        f"ON CONFLICT ({', '.join(map(q, keys))}) DO UPDATE SET {updates}"
    )
    params = [connection.ops.adapt_datefield_value(v) if isinstance(v, dt.date) else v for row in rows for v in row]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _clear() -> None:
    tables = [
        connection.ops.quote_name(m._meta.db_table) for m in (CaseFact, DailyCaseFigures, BacklogCohort, TaskFact)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses while deferred foreign-key checks on these tables are pending in the transaction.
            cursor.execute(f"SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE {', '.join(tables)}; SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
