"""API writes: each is the officer pages' own casework service, called as the client's service account, so the
timeline, SLA clock, outbox and permissions are the same as when an officer does it."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from rest_framework.exceptions import NotFound

from casework.exceptions import NotAllowed, TaskNotAvailable
from casework.models import Attachment, Case, CaseEvent, CaseTask, Service
from casework.services.case_files import case_file_attach
from casework.services.notes import case_message_send, case_note_add
from casework.services.submission import case_submit
from casework.services.tasks import task_claim, task_complete
from connectors.inbound import InboundRejected, inbound_event_apply
from connectors.models import Connector
from portal.uploads import UploadRejected, resident_file, upload_check, upload_scan

from .errors import invalid
from .models import ApiClient


def api_submission_token(*, client: ApiClient, key: str) -> str:
    """The case's submission token for a client's Idempotency-Key: per client, so two clients' keys never meet."""
    return hashlib.sha256(f"api-client:{client.pk}:{key}".encode()).hexdigest()


def api_case_create(
    *, client: ApiClient, service_slug: str, answers: dict, channel: str, idempotency_key: str = ""
) -> tuple[Case, bool]:
    """The case (and whether it was made now): an Idempotency-Key already used by this client gives its case."""
    token = api_submission_token(client=client, key=idempotency_key) if idempotency_key else None
    if token:
        existing = Case.objects.filter(submission_token=token, council_id=client.council_id).first()
        if existing is not None:
            return existing, False
    service = (
        Service.objects.filter(council_id=client.council_id, slug=service_slug)
        .select_related("form", "workflow")
        .first()
    )
    if service is None:
        raise invalid({"service": f"No service '{service_slug}' at {client.council.name}"})
    case = case_submit(
        service=service,
        answers=answers,
        channel=channel,
        actor=_actor(client),
        submission_token=token,
    )
    return case, True


def api_note_add(*, client: ApiClient, case: Case, text: str, version: int | None) -> CaseEvent:
    return case_note_add(_actor(client), case, text=text, version=version or case.version)


def api_file_attach(
    *, client: ApiClient, case: Case, upload: UploadedFile, note: str, version: int | None
) -> Attachment:
    """The portal's own checks (size, the type read from the bytes, ClamAV) before anything is written."""
    try:
        content_type = upload_check(upload, accept=None)
        scan_status = upload_scan(upload, council_id=case.council_id, reference=case.reference)
    except UploadRejected as exc:
        raise invalid({"file": str(exc)}) from exc
    stored = resident_file(upload, content_type=content_type, scan_status=scan_status)
    return case_file_attach(_actor(client), case, upload=stored, version=version or case.version, note=note)


def api_message_send(*, client: ApiClient, case: Case, subject: str, body: str, version: int | None) -> CaseEvent:
    return case_message_send(_actor(client), case, subject=subject, body=body, version=version or case.version)


def api_task_complete(*, client: ApiClient, case_task: CaseTask, outcome: str, answers: dict) -> CaseTask:
    """Claim the task for the service account (its team memberships decide, as for an officer) and complete it,
    in one transaction: a refused completion leaves it unclaimed. A task another officer holds is a 409."""
    user = _actor(client)
    with transaction.atomic():
        owner_id = case_task.task.owner_id
        if owner_id is not None and owner_id != user.pk:
            raise TaskNotAvailable("An officer has claimed this task; they must release it first")
        if owner_id is None:
            task_claim(user, case_task)
            case_task.task.refresh_from_db()
        return task_complete(user, case_task, outcome=outcome, task_answers=answers)


def _actor(client: ApiClient) -> AbstractBaseUser:
    if client.user is None or not client.user.is_active:
        raise NotAllowed("This API client has no active service account; register it again")
    return client.user


def api_connector_reply(
    *, client: ApiClient, case: Case, connector_slug: str, event_id: str, data: dict, delivery_key: str | None
) -> dict:
    """A back office's reply through the API: the inbound webhook's own service (once per event id, the waiting
    step resumed), for a connector of the client's council."""
    connector = Connector.objects.filter(council_id=client.council_id, slug=connector_slug, is_active=True).first()
    if connector is None:
        raise invalid({"connector": f"Your council has no active connector {connector_slug!r}"})
    event = {"event_id": event_id, "case_reference": case.reference, "data": data, "delivery_key": delivery_key}
    try:
        return inbound_event_apply(connector, event=event)
    except InboundRejected as rejected:
        if rejected.status == 404:
            raise NotFound(rejected.message) from rejected
        raise invalid({"body": rejected.message}) from rejected
