"""Fast bulk generation of realistic cases for benchmarks and demos (`manage.py seed_cases`).

Each live service gets two real template cases made through the service layer (one left open, one
resolved through its workflow); seeded cases are copies of those templates' rows (viewflow Process and
Task, Case, CaseTask, CaseEvent) with their own customer, answers, reference and dates, written with
bulk inserts. Cases therefore look exactly like real ones to every page, and seeding 100,000 takes minutes.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.models import (
    Case,
    CaseEvent,
    CaseSearchDocument,
    CaseStatus,
    CaseTask,
    Customer,
    ReferenceCounter,
    Service,
)
from casework.search.documents import case_search_body
from casework.services.officer_resolution import resolving_outcome
from casework.services.submission import case_submit
from casework.services.tasks import task_claim, task_complete
from connectors.models import Delivery
from councils.models import TeamMembership
from form_definitions.services import form_errors
from form_definitions.widgets import schema_choices
from reporting.services.projection import projection_rebuild

FIRST = [
    "Ann",
    "Bilal",
    "Carys",
    "Dev",
    "Eilidh",
    "Femi",
    "Grace",
    "Hamza",
    "Iris",
    "Jack",
    "Kiran",
    "Lena",
    "Mo",
    "Nia",
    "Owen",
    "Priya",
]
LAST = [
    "Jones",
    "Khan",
    "Williams",
    "Evans",
    "Patel",
    "Davies",
    "Thomas",
    "Roberts",
    "Hughes",
    "Lewis",
    "Walker",
    "Ahmed",
    "Wood",
]
STREETS = [
    "High Street",
    "Mill Lane",
    "Church Road",
    "Station Road",
    "Park Avenue",
    "Queens Road",
    "Victoria Street",
    "Orchard Close",
]
WORDS = [
    "overflowing",
    "blocked",
    "lane",
    "bags",
    "spilled",
    "fox",
    "crew",
    "missed",
    "again",
    "neighbour",
    "gate",
    "broken",
    "lid",
    "wheelie",
    "bin",
    "corner",
    "junction",
]
BATCH = 1000


@dataclass(frozen=True)
class History:
    """What `make run`'s demo history adds to plain seeding: a spread of channels shifting online over the
    period, resolution times that sometimes miss the SLA, first responses, satisfaction ratings, reopened
    cases, residents chasing, and back-office deliveries (most sent, a few dead-lettered lately)."""

    days: int = 183
    reopen_share: float = 0.06
    chaser_share: float = 0.1
    delivery_share: float = 0.7
    connectors: dict[int, int] | None = None  # council id -> connector id for the back-office deliveries


CHANNELS = ["web", "phone", "email", "face_to_face"]


@dataclass
class Template:
    service: Service
    open_case: Case
    done_case: Case | None
    members: list[int]


def seed_cases(
    count: int, *, closed_share: float = 0.3, rng_seed: int = 1, log=print, history: History | None = None
) -> int:
    """Create `count` cases spread over every live service of every council; returns how many were made.

    With `history`, over the last `history.days` with the realism of a service in use (see History)."""
    rng = random.Random(rng_seed)
    templates = [
        t
        for t in (
            _template_for(s, rng, walk=history is not None)
            for s in Service.objects.filter(is_live=True).select_related("council", "form", "workflow")
        )
        if t
    ]
    if not templates:
        raise ValueError("No live services with valid generated answers; load the demo first (make demo)")
    sources = _sources_load(templates)
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            _seed_batch(templates, size, closed_share, rng, sources, history)
        made += size
        log(f"  {made}/{count} cases")
    # Rows written in bulk bypass case_event_record, so reporting's projection is recomputed once at the end.
    projection_rebuild(log=log)
    if connection.vendor == "postgresql":
        # Statistics for the new volume (and, outside a transaction, the visibility map that index-only scans of
        # the queue badges rely on) now rather than at autovacuum's leisure.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (Customer, Process, Case, Task, CaseTask, CaseEvent, CaseSearchDocument):
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    return made


def _answers_for(service: Service, rng: random.Random, who: dict) -> dict:
    answers = {}
    for name, schema in (service.form.schema.get("properties") or {}).items():
        kind = schema.get("type")
        choices = schema_choices(schema)
        if kind == "array":
            items = schema_choices(schema.get("items") or {})
            if items:
                answers[name] = [rng.choice(items).value]
        elif choices and kind != "boolean":
            answers[name] = rng.choice(choices).value
        elif kind == "boolean":
            answers[name] = rng.random() < 0.3
        elif kind == "string":
            answers[name] = _text_for(name, schema, rng, who)
    return answers


def _text_for(name: str, schema: dict, rng: random.Random, who: dict) -> str:
    if schema.get("format") == "email" or "email" in name:
        return who["email"]
    if schema.get("format") == "date":
        return (date.today() - timedelta(days=rng.randint(1, 30))).isoformat()
    if "postcode" in name:
        return who["postcode"]
    if "phone" in name:
        return who["phone"]
    if "name" in name:
        return who["name"]
    if "address" in name or "street" in name or "location" in name:
        return who["address"]
    if "reference" in name:
        return ""
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))).capitalize()
    return text[: schema.get("maxLength", 500)]


def _person(rng: random.Random, n: int) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    postcode = f"{rng.choice(['RD', 'HF', 'KT', 'LS'])}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    return {
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}{n}@example.org",
        "phone": f"01632 {rng.randint(100000, 999999)}",
        "postcode": postcode,
        "address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
    }


def _template_for(service: Service, rng: random.Random, *, walk: bool = False) -> Template | None:
    if not service.accepts_cases:
        return None
    answers = _answers_for(service, rng, _person(rng, 0))
    answers = {k: v for k, v in answers.items() if v != ""}
    if form_errors(service.form, answers):
        return None
    open_case = case_submit(service=service, answers=answers)
    open_task = CaseTask.objects.filter(case=open_case, is_open=True).select_related("team").first()
    if open_task is None:
        return None
    members = list(TeamMembership.objects.filter(team_id=open_task.team_id).values_list("user_id", flat=True))
    done_case = case_submit(service=service, answers=answers)
    for _ in range(6 if walk else 1):  # with `walk`, through multi-step workflows (first outcome when none resolves)
        task = CaseTask.objects.filter(case=done_case, is_open=True).select_related("team", "task", "owner").first()
        if task is None:
            break
        outcome = resolving_outcome(service.workflow.definition, task.step_id)
        if outcome is None and walk:
            step = next((s for s in service.workflow.definition.get("steps", []) if s["id"] == task.step_id), {})
            outcome = next((o["id"] for o in step.get("outcomes", [])), None)
        officer = (
            TeamMembership.objects.filter(team_id=task.team_id)
            .order_by("-is_leader", "pk")
            .select_related("user")
            .first()
            if walk
            else TeamMembership.objects.filter(team_id=task.team_id, is_leader=True).select_related("user").first()
        )
        if not (outcome and (officer or task.owner_id)):
            break
        if task.owner_id:  # assigned by the workflow already
            user = task.owner
        else:
            user = officer.user
            task_claim(user, task)
        task_complete(user, task, outcome=outcome)
        done_case.refresh_from_db()
        if done_case.case_status == CaseStatus.RESOLVED:
            break
    if done_case.case_status != CaseStatus.RESOLVED:
        done_case = None
    return Template(service=service, open_case=open_case, done_case=done_case, members=members)


@dataclass
class _Shape:
    """One seeded case's history: channel, time to first response and to resolution, rating, reopened, chased."""

    channel: str | None = None
    first_response: timedelta | None = None
    duration: timedelta = timedelta(days=2)
    satisfaction: int | None = None
    reopened: bool = False
    chased_after: timedelta | None = None
    delivery: str | None = None  # "sent" or "dead"


def _shape(rng: random.Random, history: History | None, *, when, now, finished: bool) -> _Shape:
    if history is None:
        return _Shape()
    age = (now - when) / timedelta(days=history.days)  # 1 at the start of the period, 0 today
    web = 0.35 + 0.35 * (1 - age)  # channel shift: more residents online as the service beds in
    channel = rng.choices(CHANNELS, weights=[web, (1 - web) * 0.6, (1 - web) * 0.25, (1 - web) * 0.15])[0]
    shape = _Shape(channel=channel)
    span = now - when
    shape.first_response = min(timedelta(hours=rng.lognormvariate(1.8, 0.9)), span * 0.5)
    if finished:
        shape.duration = min(timedelta(hours=rng.lognormvariate(3.6, 0.9)), span * 0.9)
        shape.first_response = min(shape.first_response, shape.duration * 0.5)
        shape.satisfaction = rng.choices([1, 2, 3, 4, 5], weights=[4, 6, 15, 35, 40])[0] if rng.random() < 0.6 else None
        shape.reopened = rng.random() < history.reopen_share
        if history.connectors and rng.random() < history.delivery_share:
            shape.delivery = "dead" if span < timedelta(days=4) and rng.random() < 0.3 else "sent"
    if rng.random() < history.chaser_share:
        shape.chased_after = min(timedelta(days=rng.uniform(1, 10)), (shape.duration if finished else span) * 0.8)
    return shape


def _seed_batch(
    templates: list[Template],
    size: int,
    closed_share: float,
    rng: random.Random,
    sources: dict,
    history: History | None = None,
) -> None:
    now = timezone.now()
    plans = []
    shapes = []
    days = history.days if history else 365
    for _ in range(size):
        template = rng.choice(templates)
        when = now - timedelta(minutes=rng.randint(5, 60 * 24 * days))
        share = closed_share
        if history:  # most older cases are done; the open backlog is mostly recent
            share = 0.97 if now - when > timedelta(days=21) else 0.45
        finished = template.done_case is not None and rng.random() < share
        plans.append((template, finished, when))
        shapes.append(_shape(rng, history, when=when, now=now, finished=finished))
    people = [_person(rng, rng.randint(1, 10**9)) for _ in range(size)]
    customer_ids = _ids(Customer, size)
    customers = []
    for (template, _, _), person, pk in zip(plans, people, customer_ids):
        customer = {
            **_CUSTOMER_DEFAULTS,
            **person,
            "id": pk,
            "council_id": template.service.council_id,
            "created_at": now,
        }
        if rng.random() < 0.5:
            customer["phone"] = ""
        customers.append(customer)
    _rows_insert(Customer, customers)
    references = _references(plans)
    process_ids = _ids(Process, size)
    processes, cases = [], []
    for (template, finished, when), pk, customer, person, reference, shape in zip(
        plans, process_ids, customers, people, references, shapes
    ):
        source = sources[(template.done_case if finished else template.open_case).pk]
        resolved_at = when + shape.duration
        closed = finished and rng.random() < 0.6 and resolved_at + timedelta(days=5) < now
        processes.append(
            {
                **source.process,
                "id": pk,
                "status": PROCESS.DONE if finished else PROCESS.NEW,
                "created": when,
                "finished": resolved_at if finished else None,
                "data": {},
            }
        )
        answers = {k: v for k, v in _answers_for(template.service, rng, person).items() if v != ""}
        cases.append(
            {
                **source.case,
                "process_ptr_id": pk,
                "reference": reference,
                "customer_id": customer["id"],
                "submission_token": None,
                "answers": answers,
                "submitted_at": when,
                "due_at": when + timedelta(days=7),
                "version": 1 + rng.randint(0, 3),
                "case_status": CaseStatus.CLOSED if closed else source.case["case_status"],
                "resolved_at": resolved_at if finished else None,
                "closed_at": resolved_at + timedelta(days=5) if closed else None,
                "channel": shape.channel or source.case["channel"],
                "satisfaction": shape.satisfaction if closed else None,
                "reopen_count": int(shape.reopened),
            }
        )
    _rows_insert(Process, processes)
    _rows_insert(Case, cases)
    _copy_tasks_and_events(plans, cases, sources, rng, now, shapes)
    if history and history.connectors:
        _deliveries_insert(cases, shapes, history.connectors)
    _rows_insert(
        CaseSearchDocument,
        [
            {
                "case_id": c["process_ptr_id"],
                "council_id": c["council_id"],
                "updated_at": now,
                "body": case_search_body(SimpleNamespace(**c), customer=SimpleNamespace(**cu)),
            }
            for c, cu in zip(cases, customers)
        ],
    )


@dataclass
class _Source:
    """A template case's rows as plain values (attribute name -> value), copied for every seeded case."""

    process: dict
    case: dict
    tasks: list[dict]
    case_tasks: dict[int, dict]
    events: list[dict]
    submitted_at: object


def _values(instance, model=None) -> dict:
    """Field values by attribute name; viewflow's own field types (flow class, task, token) already as stored."""
    return {
        f.attname: getattr(instance, f.attname)
        if _is_django(f)
        else f.get_db_prep_save(getattr(instance, f.attname), connection)
        for f in (model or type(instance))._meta.local_concrete_fields
    }


def _is_django(field) -> bool:
    return type(field).__module__.startswith("django.")


def _sources_load(templates: list[Template]) -> dict[int, _Source]:
    sources = {}
    for template in templates:
        for case in (template.open_case, template.done_case):
            if case is not None:
                sources[case.pk] = _Source(
                    process=_values(case, Process),
                    case=_values(case, Case),
                    tasks=[_values(t) for t in Task.objects.filter(process_id=case.pk).order_by("pk")],
                    case_tasks={ct.task_id: _values(ct) for ct in CaseTask.objects.filter(case_id=case.pk)},
                    events=[
                        # A copy is a new event: the feed numbers it when it is first read (api/feed.py).
                        {k: v for k, v in _values(e).items() if k not in ("id", "feed_position")}
                        for e in CaseEvent.objects.filter(case_id=case.pk).order_by("at", "pk")
                    ],
                    submitted_at=case.submitted_at,
                )
    return sources


QUICK_KINDS = {"submitted", "task_created", "notification_queued", "task_assigned"}  # at submission


def _event_at(event: dict, *, when, started, shape: _Shape, finished: bool):
    """When a copied event happens: with a history shape, claims at the first response and the rest at resolution."""
    at = when + (event["at"] - started)
    if shape.first_response is None or event["kind"] in QUICK_KINDS:
        return at
    if event["kind"] == "task_claimed":
        return when + shape.first_response
    return when + shape.duration if finished else at


def _copy_tasks_and_events(
    plans, cases: list[dict], sources: dict[int, _Source], rng: random.Random, now, shapes: list[_Shape]
) -> None:
    wanted = sum(len(sources[(t.done_case if f else t.open_case).pk].tasks) for t, f, _ in plans)
    task_ids = iter(_ids(Task, wanted))
    new_tasks, new_case_tasks, new_events = [], [], []
    for (template, finished, when), case, shape in zip(plans, cases, shapes):
        source = sources[(template.done_case if finished else template.open_case).pk]
        case_id, started = case["process_ptr_id"], source.submitted_at
        owner = rng.choice(template.members) if template.members and not finished and rng.random() < 0.4 else None
        task_map, owners = {}, {}
        for task in source.tasks:
            task_map[task["id"]] = pk = next(task_ids)
            row = {**task, "id": pk, "process_id": case_id, "created": when + (task["created"] - started)}
            if owner and task["status"] in (STATUS.NEW, STATUS.ASSIGNED):
                row.update(owner_id=owner, status=STATUS.ASSIGNED, assigned=when)
            new_tasks.append(row)
            owners[task["id"]] = row["owner_id"]
        for old_id, ct in source.case_tasks.items():
            new_case_tasks.append(
                {
                    **ct,
                    "task_id": task_map[old_id],
                    "owner_id": owners[old_id],
                    "case_id": case_id,
                    "created_at": now,
                    "due_at": when + timedelta(days=rng.randint(-3, 10)),
                    "completed_at": when + shape.duration if ct["completed_at"] else None,
                }
            )
        for event in source.events:
            new_events.append(
                {
                    **event,
                    "case_id": case_id,
                    "at": _event_at(event, when=when, started=started, shape=shape, finished=finished),
                    "task_id": task_map.get(event["task_id"]) if event["task_id"] else None,
                    "detail": event["detail"],
                }
            )
        new_events += _history_events(case_id, when, shape, finished)
        if case["case_status"] == CaseStatus.CLOSED and source.case["case_status"] != CaseStatus.CLOSED:
            new_events.append(
                {
                    "case_id": case_id,
                    "kind": "closed",
                    "at": case["closed_at"],
                    "actor_id": None,
                    "actor_label": "System",
                    "summary": "Closed: confirmed by the resident",
                    "detail": {"reason": "confirmed"},
                    "resident_visible": True,
                    "task_id": None,
                }
            )
    _rows_insert(Task, new_tasks)
    _rows_insert(CaseTask, new_case_tasks)
    _rows_insert(CaseEvent, new_events)


def _history_events(case_id: int, when, shape: _Shape, finished: bool) -> list[dict]:
    """A first resolution the resident reopened, and a resident chasing progress, where the shape says so."""
    base = {"case_id": case_id, "actor_id": None, "task_id": None, "detail": {}, "resident_visible": True}
    events = []
    if finished and shape.reopened:
        events.append(
            {
                **base,
                "kind": "resolved",
                "at": when + shape.duration * 0.5,
                "actor_label": "System",
                "summary": "Resolved",
            }
        )
        events.append(
            {
                **base,
                "kind": "reopened",
                "at": when + shape.duration * 0.7,
                "actor_label": "Resident",
                "summary": "Reopened: the resident said it was not sorted",
            }
        )
    if shape.chased_after is not None:
        events.append(
            {
                **base,
                "kind": "resident_added_info",
                "at": when + shape.chased_after,
                "actor_label": "Resident",
                "summary": "Resident added information: asked for an update",
            }
        )
    return events


def _deliveries_insert(cases: list[dict], shapes: list[_Shape], connectors: dict[int, int]) -> None:
    """The back-office call each finished case made (sent: one case not re-keyed; dead: waiting for someone)."""
    rows = []
    for case, shape in zip(cases, shapes):
        connector_id = connectors.get(case["council_id"])
        if shape.delivery is None or connector_id is None:
            continue
        sent = shape.delivery == "sent"
        rows.append(
            {
                "council_id": case["council_id"],
                "case_id": case["process_ptr_id"],
                "connector_id": connector_id,
                "kind": Delivery.Kind.CONNECTOR,
                "purpose": "case",
                "payload": {"reference": case["reference"]},
                "status": Delivery.Status.SENT if sent else Delivery.Status.DEAD,
                "idempotency_key": uuid.uuid4(),
                "attempts": 1 if sent else 8,
                "next_attempt_at": case["resolved_at"],
                "last_error": "" if sent else "HTTPError: 503 Service Unavailable (back office down for maintenance)",
                "response": {"status": 201} if sent else {},
                "created_at": case["resolved_at"],
                "sent_at": case["resolved_at"] if sent else None,
                "step_task_id": None,
                "attempt_log": [] if sent else [{"attempt": 8, "at": case["resolved_at"].isoformat(), "error": "503"}],
            }
        )
    if rows:
        for row, pk in zip(rows, _ids(Delivery, len(rows))):
            row["id"] = pk
        _rows_insert(Delivery, rows)


# Writing rows. COPY on PostgreSQL and executemany on SQLite skip the ORM's per-value SQL compilation,
# which is most of the cost of bulk_create at this volume; primary keys are taken beforehand (_ids).


def _ids(model, count: int) -> list[int]:
    """`count` fresh primary keys: from the table's sequence on PostgreSQL, after MAX(pk) on SQLite (write-locked)."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _rows_insert(model, rows: list[dict]) -> None:
    """Insert rows (attribute name -> Python value) into the model's own table; columns are those of the first row."""
    if not rows:
        return
    fields = [f for f in model._meta.local_concrete_fields if f.attname in rows[0]]
    converters = [_converter(f) for f in fields]
    names = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ([convert(row[name]) for convert, name in zip(converters, names)] for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", list(values)
            )


def _converter(field):
    """Python value -> what the driver takes (non-Django field types arrive already converted, see _values)."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return lambda value: json.dumps(value, cls=DjangoJSONEncoder)
    if kind in ("DateTimeField", "DateField", "UUIDField") and connection.vendor != "postgresql":
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


_CUSTOMER_DEFAULTS = {
    "name": "",
    "email": "",
    "phone": "",
    "postcode": "",
    "address": "",
    "uprn": "",
    "merged_into_id": None,
}


def _references(plans) -> list[str]:
    year = timezone.localdate().year
    wanted: dict[int, int] = {}
    for template, _, _ in plans:
        wanted[template.service.council_id] = wanted.get(template.service.council_id, 0) + 1
    next_number = {}
    for council_id, n in wanted.items():
        ReferenceCounter.objects.get_or_create(council_id=council_id, year=year)
        counter = ReferenceCounter.objects.select_for_update().get(council_id=council_id, year=year)
        next_number[council_id] = counter.last + 1
        ReferenceCounter.objects.filter(pk=counter.pk).update(last=F("last") + n)
    codes = {t.service.council_id: t.service.council.code for t, _, _ in plans}
    out = []
    for template, _, _ in plans:
        council_id = template.service.council_id
        out.append(f"{codes[council_id]}-{year}-{next_number[council_id]:06d}")
        next_number[council_id] += 1
    return out


__all__ = ["History", "seed_cases"]
