"""Refer a case to another council (e.g. wrong area): close it here, start a linked case there.

The receiving council's case is submitted through `case_submit` with the same answers, so its own
published service, workflow, teams and SLA apply, exactly as if the resident had asked it directly;
nothing is copied by hand. The referring council keeps its own (closed, outcome "referred") case as a
read-only record of what it received; it cannot see the new case, which the receiving council owns.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from councils.models import Council
from councils.scoping import council_ids_for
from workflows.registry import flow_class_for

from ..customers import CUSTOMER_FIELDS
from ..events import case_event_record
from ..exceptions import CaseworkError, NotAllowed
from ..models import Case, CaseStatus, CaseTask, EventKind, Service
from .submission import case_submit

REFERRABLE = (
    CaseStatus.OPEN,
    CaseStatus.IN_PROGRESS,
    CaseStatus.WAITING_ON_CUSTOMER,
    CaseStatus.WAITING_ON_BACK_OFFICE,
    CaseStatus.REOPENED,
)


class ReferralRefused(CaseworkError):
    """The case cannot be referred (finished already, same council, no matching service there)."""


def referral_service_for(case: Case, to_council: Council) -> Service:
    """The receiving council's service with the same slug, else the same LGSL code; refused if none."""
    services = Service.objects.filter(council=to_council).select_related("form", "workflow")
    service = services.filter(slug=case.service.slug).first()
    if service is None and case.service.lgsl_code is not None:
        service = services.filter(lgsl_code=case.service.lgsl_code).order_by("slug").first()
    if service is None:
        lgsl = f" or LGSL code {case.service.lgsl_code}" if case.service.lgsl_code is not None else ""
        raise ReferralRefused(f"{to_council.name} has no service “{case.service.slug}”{lgsl} to refer this case to")
    if not service.accepts_cases:
        raise ReferralRefused(f"{to_council.name}'s service “{service.name}” is not taking new cases")
    return service


def case_refer(case: Case, *, to_council: Council, actor: AbstractBaseUser, reason: str) -> Case:
    """Close `case` as referred and return the linked new case owned by `to_council`."""
    if case.council_id not in council_ids_for(actor, "work_cases"):
        raise NotAllowed("You do not work on this council's cases")
    if to_council.pk == case.council_id:
        raise ReferralRefused("A case can only be referred to another council")
    if not reason.strip():
        raise ReferralRefused("Give a reason for the referral (e.g. the address is in their area)")
    service = referral_service_for(case, to_council)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("council", "service", "customer")
            .get(pk=case.pk)
        )
        if case.case_status not in REFERRABLE:
            raise ReferralRefused(
                f"This case is {CaseStatus(case.case_status).label.lower()} and can no longer be referred"
            )
        new_case = case_submit(
            service=service,
            answers=case.answers,
            channel=case.channel,
            actor=actor,
            customer_details={f: getattr(case.customer, f) for f in CUSTOMER_FIELDS} if case.customer_id else None,
        )
        _workflow_cancel(case, actor=actor)
        now = timezone.now()
        case.case_status = CaseStatus.CLOSED
        case.outcome = "referred"
        case.closed_at = now
        case.version += 1
        case.save(update_fields=["case_status", "outcome", "closed_at", "version"])
        reason = reason.strip()[:2000]
        case_event_record(
            case,
            EventKind.REFERRED,
            f"Referred to {to_council.name} as {new_case.reference}: {reason[:300]}",
            actor=actor,
            resident_visible=True,
            detail={"to_council": to_council.slug, "to_reference": new_case.reference, "reason": reason},
        )
        case_event_record(
            new_case,
            EventKind.REFERRED,
            f"Referred by {case.council.name} (their reference {case.reference}): {reason[:300]}",
            actor=actor,
            resident_visible=True,
            detail={"from_council": case.council.slug, "from_reference": case.reference, "reason": reason},
        )
    return new_case


def _workflow_cancel(case: Case, *, actor: AbstractBaseUser) -> None:
    """Cancel the open engine tasks and the process under viewflow's lock; the tasks leave every queue."""
    flow_class = flow_class_for(case.workflow_version_id)
    now = timezone.now()
    with flow_class.lock(case.pk):
        # Our rows first: once an engine task is cancelled, casework's signal closes its row without an outcome.
        for case_task in CaseTask.objects.filter(case=case, is_open=True):
            case_task.is_open = False
            case_task.outcome = "referred"
            case_task.completed_at = now
            case_task.save(update_fields=["is_open", "outcome", "completed_at"])
        for task in Task.objects.filter(process_id=case.pk).exclude(status__in=[STATUS.DONE, STATUS.CANCELED]):
            task.status = STATUS.CANCELED
            task.finished = now
            task.save(update_fields=["status", "finished"])
        Case.objects.filter(pk=case.pk).update(status=PROCESS.CANCELED, finished=now)
