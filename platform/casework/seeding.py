"""Fast bulk generation of realistic cases for benchmarks and demos (`manage.py seed_cases`).

Each live service gets two real template cases made through the service layer (one left open, one
resolved through its workflow); seeded cases are copies of those templates' rows (viewflow Process and
Task, Case, CaseTask, CaseEvent) with their own customer, answers, reference and dates, written with
bulk inserts. Cases therefore look exactly like real ones to every page, and seeding 100,000 takes minutes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from councils.models import TeamMembership

from .models import Case, CaseEvent, CaseSearchDocument, CaseStatus, CaseTask, Customer, ReferenceCounter, Service
from .search.documents import case_search_body
from .services.officer_resolution import resolving_outcome
from .services.submission import case_submit
from .services.tasks import task_claim, task_complete

FIRST = ["Ann", "Bilal", "Carys", "Dev", "Eilidh", "Femi", "Grace", "Hamza", "Iris", "Jack", "Kiran", "Lena", "Mo", "Nia", "Owen", "Priya"]
LAST = ["Jones", "Khan", "Williams", "Evans", "Patel", "Davies", "Thomas", "Roberts", "Hughes", "Lewis", "Walker", "Ahmed", "Wood"]
STREETS = ["High Street", "Mill Lane", "Church Road", "Station Road", "Park Avenue", "Queens Road", "Victoria Street", "Orchard Close"]
WORDS = "overflowing blocked lane bags spilled fox crew missed again neighbour gate broken lid wheelie bin corner junction".split()
BATCH = 1000


@dataclass
class Template:
    service: Service
    open_case: Case
    done_case: Case | None
    members: list[int]


def seed_cases(count: int, *, closed_share: float = 0.3, rng_seed: int = 1, log=print) -> int:
    """Create `count` cases spread over every live service of every council; returns how many were made."""
    rng = random.Random(rng_seed)
    templates = [t for t in (_template_for(s, rng) for s in Service.objects.filter(is_live=True).select_related("council", "form", "workflow")) if t]
    if not templates:
        raise ValueError("No live services with valid generated answers; load the demo first (make demo)")
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            _seed_batch(templates, size, closed_share, rng)
        made += size
        log(f"  {made}/{count} cases")
    return made


def _answers_for(service: Service, rng: random.Random, who: dict) -> dict:
    from form_definitions.widgets import schema_choices

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
        "name": f"{first} {last}", "email": f"{first.lower()}.{last.lower()}{n}@example.org",
        "phone": f"01632 {rng.randint(100000, 999999)}", "postcode": postcode,
        "address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
    }


def _template_for(service: Service, rng: random.Random) -> Template | None:
    if not service.accepts_cases:
        return None
    from form_definitions.services import form_errors

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
    task = CaseTask.objects.filter(case=done_case, is_open=True).select_related("team", "task").first()
    outcome = resolving_outcome(service.workflow.definition, task.step_id) if task else None
    officer = TeamMembership.objects.filter(team_id=task.team_id, is_leader=True).select_related("user").first() if task else None
    if outcome and officer:
        task_claim(officer.user, task)
        task_complete(officer.user, task, outcome=outcome)
        done_case.refresh_from_db()
    if done_case.case_status != CaseStatus.RESOLVED:
        done_case = None
    return Template(service=service, open_case=open_case, done_case=done_case, members=members)


def _copy(instance, **changes):
    fields = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.primary_key}
    fields.update(changes)
    return type(instance)(**fields)


def _seed_batch(templates: list[Template], size: int, closed_share: float, rng: random.Random) -> None:
    now = timezone.now()
    plans = []
    for _ in range(size):
        template = rng.choice(templates)
        finished = template.done_case is not None and rng.random() < closed_share
        plans.append((template, finished, now - timedelta(minutes=rng.randint(5, 60 * 24 * 365))))
    people = [_person(rng, rng.randint(1, 10**9)) for _ in range(size)]
    customers = Customer.objects.bulk_create([
        Customer(council_id=t.service.council_id, **{k: v for k, v in p.items() if k != "phone" or rng.random() < 0.5})
        for (t, _, _), p in zip(plans, people)
    ])
    references = _references(plans)
    processes = []
    for template, finished, when in plans:
        source = template.done_case if finished else template.open_case
        processes.append(Process(flow_class=source.flow_class, status=PROCESS.DONE if finished else PROCESS.NEW, created=when,
                                 finished=when + timedelta(days=2) if finished else None, data={}))
    processes = Process.objects.bulk_create(processes)
    cases = []
    for (template, finished, when), process, customer, person, reference in zip(plans, processes, customers, people, references):
        source = template.done_case if finished else template.open_case
        closed = finished and rng.random() < 0.6
        case = _copy(source, process_ptr_id=process.pk, reference=reference, customer_id=customer.pk, submission_token=None,
                     answers=_answers_for(template.service, rng, person), submitted_at=when, created=when,
                     due_at=when + timedelta(days=7), version=1 + rng.randint(0, 3),
                     case_status=CaseStatus.CLOSED if closed else source.case_status,
                     resolved_at=when + timedelta(days=2) if finished else None, closed_at=when + timedelta(days=5) if closed else None)
        case.answers = {k: v for k, v in case.answers.items() if v != ""}
        cases.append(case)
    _insert_children(cases)
    _copy_tasks_and_events(plans, cases, rng)
    CaseSearchDocument.objects.bulk_create([
        CaseSearchDocument(case_id=c.pk, council_id=c.council_id, body=case_search_body(c, customer=cu)) for c, cu in zip(cases, customers)
    ])


def _insert_children(cases: list[Case]) -> None:
    """Django cannot bulk_create a multi-table child, so insert the Case table's own rows directly."""
    fields = [f for f in Case._meta.local_concrete_fields]
    per_batch = max(1, 900 // len(fields)) if connection.vendor == "sqlite" else 500
    for start in range(0, len(cases), per_batch):
        Case.objects._insert(cases[start:start + per_batch], fields=fields, raw=True)


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


def _copy_tasks_and_events(plans, cases: list[Case], rng: random.Random) -> None:
    sources = {}
    for template, finished, _ in plans:
        for source in (template.open_case, template.done_case):
            if source is not None and source.pk not in sources:
                tasks = list(Task.objects.filter(process_id=source.pk).order_by("pk"))
                case_tasks = {ct.task_id: ct for ct in CaseTask.objects.filter(case_id=source.pk)}
                events = list(CaseEvent.objects.filter(case_id=source.pk).order_by("at", "pk"))
                sources[source.pk] = (tasks, case_tasks, events, source.submitted_at)
    new_tasks, owners = [], []
    for (template, finished, when), case in zip(plans, cases):
        source = template.done_case if finished else template.open_case
        tasks, _, _, started = sources[source.pk]
        owner = rng.choice(template.members) if template.members and not finished and rng.random() < 0.4 else None
        for task in tasks:
            is_open = task.status in (STATUS.NEW, STATUS.ASSIGNED)
            changes = {"process_id": case.pk, "created": when + (task.created - started)}
            if is_open and owner:
                changes.update(owner_id=owner, status=STATUS.ASSIGNED, assigned=when)
            new_tasks.append(_copy(task, **changes))
            owners.append((case, task.pk))
    created = Task.objects.bulk_create(new_tasks)
    task_map = {(case.pk, old): new.pk for (case, old), new in zip(owners, created)}
    new_case_tasks, new_events = [], []
    for (template, finished, when), case in zip(plans, cases):
        source = template.done_case if finished else template.open_case
        _, case_tasks, events, started = sources[source.pk]
        for old_id, ct in case_tasks.items():
            due = when + timedelta(days=rng.randint(-3, 10))
            new_case_tasks.append(_copy(ct, task_id=task_map[(case.pk, old_id)], case_id=case.pk, due_at=due,
                                        completed_at=when + timedelta(days=2) if ct.completed_at else None))
        for event in events:
            new_events.append(_copy(event, case_id=case.pk, at=when + (event.at - started),
                                    task_id=task_map.get((case.pk, event.task_id)) if event.task_id else None,
                                    detail={**event.detail, "answers": case.answers} if event.kind == "submitted" else event.detail))
        if case.case_status == CaseStatus.CLOSED and source.case_status != CaseStatus.CLOSED:
            new_events.append(CaseEvent(case_id=case.pk, kind="closed", at=case.closed_at, actor_label="System",
                                        summary="Closed: confirmed by the resident", detail={"reason": "confirmed"}, resident_visible=True))
    for start in range(0, len(new_case_tasks), 2000):
        CaseTask.objects.bulk_create(new_case_tasks[start:start + 2000])
    for start in range(0, len(new_events), 2000):
        CaseEvent.objects.bulk_create(new_events[start:start + 2000])


__all__ = ["seed_cases"]
