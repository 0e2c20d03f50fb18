"""Submitting a case: validate the answers, then start the service's workflow in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from councilflow.wording import ENGLISH, WELSH, service_name, worded
from form_definitions.services import form_errors
from workflows.registry import flow_class_for

from ..customers import customer_details_from_answers, customer_match_or_create
from ..events import case_event_record, case_events_gathered
from ..exceptions import ServiceNotAccepting, SubmissionInvalid
from ..models import Attachment, Case, Channel, EventKind, ScanStatus, Service
from ..ports import (
    case_event_observers_case_created,
    case_tracking_url,
    resident_channel_word,
    resident_message_enqueue,
)
from ..references import case_reference_allocate
from ..search.documents import case_search_index_new
from .sla_clock import case_due_initial


@dataclass(frozen=True)
class StoredUpload:
    """A file already checked and written to private storage, waiting for its case to exist."""

    field: str
    path: str
    original_name: str
    content_type: str
    size: int
    scan_status: str = ScanStatus.PENDING  # what ClamAV said when it was staged (pending: the worker scans it)


def case_submit(
    *,
    service: Service,
    answers: dict,
    channel: str = Channel.WEB,
    actor: AbstractBaseUser | None = None,
    submission_token: str | None = None,
    customer_details: dict | None = None,
    uploads: list[StoredUpload] | None = None,
    language: str = ENGLISH,
) -> Case:
    """Create the case, its customer, its first events, tasks, attachments and confirmation email, or nothing at all."""
    if not service.accepts_cases:
        raise ServiceNotAccepting(f"{service} is not taking new cases")
    errors = form_errors(service.form, answers)
    if errors:
        raise SubmissionInvalid(errors)
    flow_class = flow_class_for(service.workflow_id)
    details = customer_details or customer_details_from_answers(answers, service.form.ui_schema.get("customer", {}))
    try:
        with transaction.atomic():
            # The timeline is written in one INSERT when the inner block ends; the search document and the
            # reporting rows are then derived from the case and events in hand, not read back.
            with case_events_gathered() as events:
                customer = customer_match_or_create(service.council, details)
                case = flow_class.start.run(
                    service=service,
                    answers=answers,
                    channel=channel,
                    customer=customer,
                    actor=actor,
                    submission_token=submission_token,
                    language=language,
                )
                for upload in uploads or []:
                    Attachment.objects.create(
                        case=case,
                        file=upload.path,
                        original_name=upload.original_name[:255],
                        content_type=upload.content_type,
                        size=upload.size,
                        field=upload.field,
                        uploaded_by=actor,
                        uploaded_by_resident=actor is None,
                        scan_status=upload.scan_status,
                    )
                if customer is not None and (customer.email or customer.phone):
                    case_confirmation_queue(case)
            case_search_index_new(case, events=events)
            case_event_observers_case_created(case, events=events)
            return case
    except IntegrityError:
        # The token is unique: a double click or a resubmitted form fails here and shows the case the first
        # request created (no read beforehand: that would cost every submission a query to save a rare one).
        if submission_token:
            existing = Case.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing
        raise


def case_initialise(
    case: Case, *, service, answers, channel, customer, actor, submission_token, language=ENGLISH
) -> None:
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
    case.language = language if language in (ENGLISH, WELSH) else ENGLISH
    case.due_at = case_due_initial(service, start=now)
    case.reference = case_reference_allocate(council, year=timezone.localdate().year)
    case.save()
    how = "online" if channel == Channel.WEB else f"by {Channel(channel).label.lower()}"
    case_event_record(
        case,
        EventKind.SUBMITTED,
        f"{service.name} submitted {how}",
        actor=actor,
        actor_label="" if actor else "Resident",
        detail={"channel": channel},  # the answers live on the case only: a copy here would outlive a purge
        resident_visible=True,
    )


def case_sla_working_days(service: Service) -> int:
    sla = (service.workflow.definition.get("sla") or {}) if service.workflow_id else {}
    return int(sla.get("working_days") or service.sla_working_days or 0)


def case_confirmation_queue(case: Case) -> None:
    """The resident's receipt with the signed tracking link (email, or a text through Notify); in the case's transaction."""
    with translation.override(case.language):  # the resident's: Welsh when they applied on the Welsh pages
        subject, body = _confirmation_words(case)
    delivery = resident_message_enqueue(case, subject=subject, body=body, purpose="confirmation")
    if delivery is None:  # only a phone number, and no Notify to text it
        return
    # Like workflow notifications (services/notifications.py): the resident sees it on the tracking page.
    # The body is left out of the event: it holds the signed tracking link, a bearer credential.
    case_event_record(
        case,
        EventKind.MESSAGE_SENT,
        f"Confirmation {resident_channel_word(delivery).lower()} queued: {subject}",
        detail={
            "to": "resident",
            "subject": subject,
            "purpose": "confirmation",
            "delivery": delivery.pk,
            "channel": delivery.kind,
        },
        resident_visible=True,
    )


# English service names start with what the resident does; the receipt names what they sent.
_SENT_FROM_NAME = (
    ("report ", "your report of "),
    ("apply for ", "your application for "),
    ("request ", "your request for "),
    ("make an ", "your "),
    ("make a ", "your "),
)


def service_sent_words(name: str) -> str:
    """ "Report a missed bin collection" -> "your report of a missed bin collection"; else "your request: <name>"."""
    lowered = name.strip()
    for start, words in _SENT_FROM_NAME:
        if lowered.lower().startswith(start):
            return words + lowered[len(start) :]
    return f"your request: {lowered}"


def _received_sentence(council: str, service: str) -> str:
    if (translation.get_language() or ENGLISH).startswith(WELSH):  # the Welsh sentence names the service after a colon
        return _("Thank you. %(council)s has received your %(service)s request.") % {
            "council": council,
            "service": service.lower(),
        }
    return f"Thank you. {council} has received {service_sent_words(service)}."


def _confirmation_words(case: Case) -> tuple[str, str]:
    council, service = worded(case.council, "name"), service_name(case.service)
    due = (
        _("We aim to deal with it by %(date)s.") % {"date": date_format(timezone.localtime(case.due_at), "j F Y")}
        + "\n"
        if case.due_at
        else ""
    )
    body = (
        _received_sentence(council, service)
        + "\n\n"
        + _("Your reference is %(reference)s.") % {"reference": case.reference}
        + f"\n{due}\n"
        + _("Track your case, add information or tell us if the problem is not solved:")
        + f"\n{case_tracking_url(case)}\n\n"
        + _("Keep this message: anyone with the link can see the case.")
        + "\n"
    )
    subject = _("%(service)s: your reference is %(reference)s") % {"service": service, "reference": case.reference}
    return subject, body
