"""Inbound webhooks from back offices: authenticate, de-duplicate, apply in one transaction.

A request is signed like our outbound HMAC auth: `X-Councilflow-Timestamp` (unix seconds) and
`X-Councilflow-Signature: sha256=HMAC(key, timestamp + "." + body)`. The body (after the optional
`inbound_mapping` JMESPath template) names `event_id`, `case_reference`, optional `delivery_key`
(the Idempotency-Key we sent) and `data`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from casework.models import Case
from councilflow.json_limits import JSONRefused, json_parse

from .mapping import MappingError, mapping_render
from .models import Connector, Delivery, InboundEvent
from .services import case_reply_apply
from .signing import signature_valid

DEFAULT_INBOUND_MAPPING = {
    "event_id": "{{ event_id }}",
    "case_reference": "{{ case_reference }}",
    "delivery_key": "{{ delivery_key }}",
    "data": "{{ data }}",
}


@dataclass
class InboundRejected(Exception):
    """Translated to an HTTP status at the edge; nothing has been written."""

    status: int
    message: str


def inbound_signing_key(connector: Connector) -> str:
    secrets = connector.secrets or {}
    return secrets.get("inbound_signing_key") or secrets.get("signing_key") or ""


def inbound_authenticate(
    connector: Connector, *, body: bytes, timestamp: str, signature: str, now: float | None = None
) -> None:
    """Signature first (so an unsigned caller learns nothing), then the replay window."""
    key = inbound_signing_key(connector)
    if not key:
        raise InboundRejected(401, "This connector has no inbound signing key configured")
    if (
        not timestamp
        or not signature
        or not signature_valid(key=key, timestamp=timestamp, body=body, signature=signature)
    ):
        raise InboundRejected(401, "Bad or missing signature")
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError as exc:
        raise InboundRejected(401, "Bad timestamp") from exc
    if age > settings.CONNECTOR_WEBHOOK_TOLERANCE_SECONDS:
        raise InboundRejected(
            401, f"Stale timestamp: outside the {settings.CONNECTOR_WEBHOOK_TOLERANCE_SECONDS}s replay window"
        )


def inbound_parse(connector: Connector, *, body: bytes) -> dict[str, Any]:
    """The event a signed body carries; JSON nested past JSON_MAX_DEPTH is refused before it is parsed."""
    try:
        document = json_parse(body, max_bytes=settings.CONNECTOR_WEBHOOK_MAX_BYTES, what="Body")
    except JSONRefused as exc:
        raise InboundRejected(413 if exc.limit == "size" else 400, str(exc)) from exc
    if not isinstance(document, dict):
        raise InboundRejected(400, "Body must be a JSON object")
    try:
        event = mapping_render(connector.config.get("inbound_mapping") or DEFAULT_INBOUND_MAPPING, document)
    except MappingError as exc:
        raise InboundRejected(400, f"inbound_mapping failed: {exc}") from exc
    for name in ("event_id", "case_reference"):
        if not isinstance(event.get(name), (str, int)) or event.get(name) in ("", None):
            raise InboundRejected(400, f"'{name}' is required (a non-empty string)")
    if event.get("data") is None:
        event["data"] = {}
    if not isinstance(event["data"], dict):
        raise InboundRejected(400, "'data' must be a JSON object")
    return event


def inbound_event_apply(connector: Connector, *, event: dict[str, Any]) -> dict[str, Any]:
    """Apply once per (connector, event_id): the event row is inserted first, so a replay — even a
    concurrent one — hits the unique constraint and the whole transaction rolls back."""
    event_id = str(event["event_id"])[:200]
    if InboundEvent.objects.filter(connector=connector, event_id=event_id).exists():
        return {"status": "duplicate", "event_id": event_id}
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update()
                .filter(council_id=connector.council_id, reference=str(event["case_reference"]))
                .first()
            )
            if case is None:
                raise InboundRejected(404, f"Unknown case {event['case_reference']!r}")
            record = InboundEvent.objects.create(connector=connector, event_id=event_id, case=case)
            delivery = _delivery_for(connector, case=case, key=event.get("delivery_key"))
            resumed = case_reply_apply(
                case,
                delivery=delivery,
                data=event["data"],
                source=connector.name,
                slot=connector.slug,
                event_id=event_id,
            )
            record.result = {"resumed": resumed, "delivery_id": delivery.pk if delivery else None}
            record.save(update_fields=["result"])
    except IntegrityError:
        return {"status": "duplicate", "event_id": event_id}
    return {"status": "applied", "event_id": event_id, "case": case.reference, **record.result}


def _delivery_for(connector: Connector, *, case, key) -> Delivery | None:
    """The delivery this reply answers: the one named by its idempotency key, else the latest waiting one."""
    deliveries = Delivery.objects.filter(case=case, connector=connector)
    if key:
        found = deliveries.filter(idempotency_key=str(key)).first() if _is_uuid(str(key)) else None
        if found is None:
            raise InboundRejected(404, f"Unknown delivery_key {key!r} for this case")
        return found
    return deliveries.filter(step_task_id__isnull=False).order_by("-pk").first()


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
