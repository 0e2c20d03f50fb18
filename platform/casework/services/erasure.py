"""Removing a case's personal data while its reporting facts stay (retention purge and erasure on request).

What goes: answers, task answers, the resident's comment, the customer link (and the customer's details once no
other case needs them), attachments, free text in the timeline (summaries become the event's label, details keep
only the non-personal keys below), viewflow's process and task data, the search document's text, and, through
`case_personal_data_erased`, connectors' delivery payloads. What stays: council, service, channel, status,
outcome(s), every date, SLA figures, the satisfaction score and the events' kinds, times and staff actors, so
the projection and KPIs read exactly what they read before. Timeline rows are rewritten with a queryset update:
erasure is the one deliberate exception to "append-only".
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from viewflow.workflow.models import Task

from ..events import case_event_record
from ..models import Case, CaseEvent, CaseStatus, Customer, DataProtectionRecord, EventKind, Service
from ..ports import case_personal_data_erased
from ..search.documents import case_search_index

# Detail keys that hold workflow facts, never a resident's words (reporting reads `working_days`).
KEPT_DETAIL_KEYS = frozenset(
    {
        "step",
        "step_id",
        "steps",
        "scope",
        "due_at",
        "due_before",
        "due_after",
        "working_days",
        "duration",
        "before",
        "after",
        "channel",
        "purpose",
        "outcome",
        "resident_outcome",
        "delivery",
        "delivery_id",
        "slot",
        "connector",
        "attempts",
        "reminder",
        "by_resident",
        "migrated",
        "to_council",
        "to_reference",
        "from_council",
        "from_reference",
    }
)
CUSTOMER_FIELDS = ("name", "email", "phone", "postcode", "address", "uprn")


@dataclass
class ErasureResult:
    erased: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)


def case_erasure_blocker(case: Case) -> str:
    """Why `case` may not be erased now ("" when it may)."""
    if case.legal_hold_reason:
        return f"On legal hold: {case.legal_hold_reason}"
    if case.personal_data_removed_at is not None:
        return "Personal data already removed"
    if case.case_status != CaseStatus.CLOSED:
        return f"Not closed yet ({case.get_case_status_display()}): close the case first"
    return ""


@transaction.atomic
def case_personal_data_erase(case: Case, *, actor: AbstractBaseUser | None, why: str) -> bool:
    """Erase one case's personal data under its row lock; False (nothing done) when it is blocked."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case_erasure_blocker(case):
        return False
    customer_id = case.customer_id
    now = timezone.now()
    _timeline_scrub(case)
    files = [(a.file.storage, a.file.name) for a in case.attachments.all() if a.file]
    case.attachments.all().delete()
    # The files go once the erasure commits: a rollback must not leave rows pointing at deleted files.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    Task.objects.filter(process_id=case.pk).update(data={})
    Case.objects.filter(pk=case.pk).update(
        answers={},
        task_answers={},
        data={},
        satisfaction_comment="",
        customer=None,
        personal_data_removed_at=now,
    )
    case.refresh_from_db()
    if customer_id is not None:
        _customer_scrub_if_unused(customer_id)
    case_personal_data_erased.send(sender=Case, case=case)
    case_event_record(
        case,
        EventKind.PERSONAL_DATA_REMOVED,
        f"Personal data removed on {_day(now)} ({why})",
        actor=actor,
        detail={"why": why},
    )
    case_search_index(case.pk)
    return True


def cases_due_for_purge(*, now: dt.datetime | None = None) -> QuerySet[Case]:
    """Closed cases past their service's retention, not on hold and not yet purged (any council)."""
    now = now or timezone.now()
    due = Q(pk__in=[])
    for service_id, months in Service.objects.filter(retention_months__isnull=False).values_list(
        "pk", "retention_months"
    ):
        if months is not None:  # the filter excludes None; this says so to the type checker
            due |= Q(service_id=service_id, closed_at__lte=months_before(now, months))
    return (
        Case.objects.filter(due, case_status=CaseStatus.CLOSED, personal_data_removed_at__isnull=True)
        .filter(legal_hold_reason="")
        .select_related("service", "council")
        .order_by("closed_at", "pk")
    )


def cases_purge_due(*, now: dt.datetime | None = None, batch: int = 200) -> int:
    """The worker's retention job: erase up to `batch` cases whose retention ended; how many were erased."""
    done: dict[int, list[str]] = {}
    for case in cases_due_for_purge(now=now)[:batch]:
        if case_personal_data_erase(case, actor=None, why="retention period ended"):
            done.setdefault(case.council_id, []).append(case.reference)
    for council_id, references in done.items():
        DataProtectionRecord.objects.create(
            council_id=council_id, kind=DataProtectionRecord.Kind.PURGE, case_references=references
        )
    return sum(len(r) for r in done.values())


def customer_erase(user: AbstractBaseUser, customer: Customer) -> ErasureResult:
    """Erasure on request: every case of the customer (and of records merged into it) not held or open."""
    result = ErasureResult()
    for case in customer_cases(customer):
        blocker = case_erasure_blocker(case)
        if blocker:
            result.skipped.append((case.reference, blocker))
        elif case_personal_data_erase(case, actor=user, why="erased on request"):
            result.erased.append(case.reference)
    with transaction.atomic():
        for record in customer_records(customer):
            _customer_scrub_if_unused(record.pk)
        DataProtectionRecord.objects.create(
            council_id=customer.council_id,
            kind=DataProtectionRecord.Kind.ERASURE,
            actor_id=user.pk,
            customer_id_ref=customer.pk,
            case_references=result.erased,
            skipped=[{"reference": ref, "reason": why} for ref, why in result.skipped],
        )
    return result


def customer_records(customer: Customer) -> list[Customer]:
    """The customer and every record merged into it (their cases moved across, their details may linger)."""
    return [customer, *Customer.objects.filter(merged_into=customer, council_id=customer.council_id)]


def customer_cases(customer: Customer) -> QuerySet[Case]:
    ids = [c.pk for c in customer_records(customer)]
    return (
        Case.objects.filter(customer_id__in=ids, council_id=customer.council_id)
        .select_related("service", "form_version")
        .order_by("submitted_at", "pk")
    )


def months_before(when: dt.datetime, months: int) -> dt.datetime:
    """`when` moved back by whole calendar months (31 March less one month is 28 or 29 February)."""
    year, month = divmod(when.year * 12 + when.month - 1 - months, 12)
    return when.replace(year=year, month=month + 1, day=min(when.day, calendar.monthrange(year, month + 1)[1]))


def _day(when: dt.datetime) -> str:
    day = timezone.localdate(when)
    return f"{day.day} {day:%B %Y}"


def _timeline_scrub(case: Case) -> None:
    events = list(CaseEvent.objects.filter(case=case))
    for event in events:
        event.summary = str(EventKind(event.kind).label) if event.kind in EventKind.values else "Event"
        event.detail = {k: v for k, v in (event.detail or {}).items() if k in KEPT_DETAIL_KEYS}
    CaseEvent.objects.bulk_update(events, ["summary", "detail"], batch_size=500)


def _customer_scrub_if_unused(customer_id: int) -> None:
    if not Case.objects.filter(customer_id=customer_id).exists():
        Customer.objects.filter(pk=customer_id).update(**dict.fromkeys(CUSTOMER_FIELDS, ""))
