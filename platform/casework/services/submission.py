"""Submitting a case: validate the answers, then start the service's workflow in one transaction."""
from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from form_definitions.services import form_errors
from workflows.registry import flow_class_for
from workflows.working_days import working_day_add

from ..customers import customer_details_from_answers, customer_match_or_create
from ..events import case_event_record
from ..exceptions import ServiceNotAccepting, SubmissionInvalid
from ..models import Case, Channel, EventKind, Service
from ..references import case_reference_allocate


def case_submit(
    *,
    service: Service,
    answers: dict,
    channel: str = Channel.WEB,
    actor: AbstractBaseUser | None = None,
    submission_token: str | None = None,
    customer_details: dict | None = None,
) -> Case:
    """Create the case, its customer, its first events and tasks, or nothing at all."""
    if not service.accepts_cases:
        raise ServiceNotAccepting(f"{service} is not taking new cases")
    errors = form_errors(service.form, answers)
    if errors:
        raise SubmissionInvalid(errors)
    if submission_token:
        existing = Case.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    flow_class = flow_class_for(service.workflow_id)
    details = customer_details or customer_details_from_answers(answers, service.form.ui_schema.get("customer", {}))
    try:
        with transaction.atomic():
            customer = customer_match_or_create(service.council, details)
            return flow_class.start.run(
                service=service,
                answers=answers,
                channel=channel,
                customer=customer,
                actor=actor,
                submission_token=submission_token,
            )
    except IntegrityError:
        if submission_token:
            existing = Case.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing  # a double click: the first request created the case
        raise


def case_initialise(case: Case, *, service, answers, channel, customer, actor, submission_token) -> None:
    """Called by the workflow's start node: fill in and save the case before its first step runs."""
    now = timezone.now()
    council = service.council
    case.council = council
    case.service = service
    case.form_version_id = service.form_id
    case.workflow_version_id = service.workflow_id
    case.customer = customer
    case.channel = channel
    case.answers = answers
    case.submitted_at = now
    case.submission_token = submission_token or None
    sla = case_sla_working_days(service)
    case.due_at = working_day_add(now, sla, region=council.holiday_region) if sla else None
    case.reference = case_reference_allocate(council, year=timezone.localdate().year)
    case.save()
    how = "online" if channel == Channel.WEB else f"by {Channel(channel).label.lower()}"
    case_event_record(
        case,
        EventKind.SUBMITTED,
        f"{service.name} submitted {how}",
        actor=actor,
        actor_label="" if actor else "Resident",
        detail={"channel": channel, "answers": answers},
        resident_visible=True,
    )


def case_sla_working_days(service: Service) -> int:
    sla = (service.workflow.definition.get("sla") or {}) if service.workflow_id else {}
    return int(sla.get("working_days") or service.sla_working_days or 0)
