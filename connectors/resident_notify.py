"""Residents' messages through the council's GOV.UK Notify account, and Notify's delivery receipts.

Queued by connectors/outbox.py like every email (transactional outbox); at send time the worker asks
`resident_notify_send` first: with an active ResidentNotify the message goes through Notify's email or
SMS template as ((subject)) / ((body)) personalisation; without one an email is sent as before.
Receipts (Notify's callback, a bearer token) update the delivery and the case timeline.
"""

from __future__ import annotations

import contextlib
import hmac
import uuid
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.events import case_event_record
from casework.models import EventKind

from .models import Delivery, ResidentNotify
from .types.base import DeliveryRejected, SendResult
from .types.notify_client import notify_message_send

RECEIPT_TOKEN = "receipt_token"
# Notify's final statuses (its callbacks are sent for these only).
RECEIPT_STATUSES = {
    "delivered": "delivered",
    "permanent-failure": "could not be delivered: the address or number does not exist or is blocked",
    "temporary-failure": "could not be delivered: the inbox was full or the phone was off; try again later",
    "technical-failure": "could not be delivered: a technical failure at Notify",
}
RECEIPT_MAX_BYTES = 16 * 1024


class ReceiptRejected(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def resident_notify_for(council_id: int) -> ResidentNotify | None:
    """The council's active Notify account for residents, if it has one."""
    return ResidentNotify.objects.filter(council_id=council_id, is_active=True).first()


def resident_notify_for_slug(council_slug: str) -> ResidentNotify | None:
    return ResidentNotify.objects.filter(council__slug=council_slug, is_active=True).first()


def resident_sms_possible(council_id: int) -> bool:
    """Whether a resident with only a phone number can be sent a text (Notify with an SMS template)."""
    return ResidentNotify.objects.filter(council_id=council_id, is_active=True).exclude(sms_template_id="").exists()


def resident_notify_send(delivery: Delivery) -> SendResult | None:
    """Send a resident's message through Notify; None when the council has no active Notify (email it)."""
    notify = resident_notify_for(delivery.council_id)
    sms = delivery.kind == Delivery.Kind.SMS
    if notify is None:
        if sms:
            raise DeliveryRejected("Text messages go through GOV.UK Notify, which this council no longer has on")
        return None
    payload = delivery.payload
    channel = "sms" if sms else "email"
    template_id = notify.template_for(purpose=delivery.purpose, channel=channel)
    if not template_id:
        raise DeliveryRejected(f"No Notify {channel} template is configured for {delivery.purpose or 'messages'}")
    response = notify_message_send(
        api_key=notify.api_key,
        base_url=notify.base_url,
        channel=channel,
        recipient=str(payload.get("phone", "")) if sms else str((payload.get("to") or [""])[0]),
        template_id=template_id,
        personalisation={"subject": payload.get("subject", ""), "body": payload.get("body", "")},
        reference=str(delivery.idempotency_key),
    )
    return SendResult(response={**response, "channel": channel})


def notify_receipt_authenticate(notify: ResidentNotify | None, *, authorization: str) -> ResidentNotify:
    """The bearer token Notify was given for this council's callbacks; no token stored: no callbacks."""
    expected = notify.secret(RECEIPT_TOKEN) if notify else ""
    if notify is None or not expected:
        raise ReceiptRejected(404, "This council takes no Notify receipts")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise ReceiptRejected(401, "Authorization: a valid Bearer token is required")
    return notify


def notify_receipt_parse(document: Any) -> dict[str, str]:
    """The fields of Notify's callback we use, each checked; a problem names its path."""
    if not isinstance(document, dict):
        raise ReceiptRejected(400, "/: expected a JSON object (Notify's delivery receipt)")
    fields: dict[str, str] = {}
    for name in ("id", "reference", "status", "notification_type"):
        value = document.get(name)
        if value is not None and not isinstance(value, str):
            raise ReceiptRejected(400, f"/{name}: expected a string")
        fields[name] = (value or "")[:200]
    if not fields["id"] and not fields["reference"]:
        raise ReceiptRejected(400, "/id: required (or /reference)")
    if fields["status"] not in RECEIPT_STATUSES:
        raise ReceiptRejected(400, f"/status: expected one of {', '.join(RECEIPT_STATUSES)}")
    return fields


def notify_receipt_apply(notify: ResidentNotify, *, receipt: dict[str, str]) -> dict[str, Any]:
    """Record a receipt on its delivery (this council's only) and the case's timeline; a repeat changes nothing."""
    found = Q(response__notify_id=receipt["id"]) if receipt["id"] else Q(pk__in=[])
    with contextlib.suppress(ValueError):  # a reference that is not one of our keys matches by id alone
        found |= Q(idempotency_key=uuid.UUID(receipt["reference"]))
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(found, council_id=notify.council_id, kind__in=[Delivery.Kind.EMAIL, Delivery.Kind.SMS])
            .first()
        )
        if delivery is None:
            raise ReceiptRejected(404, "No message of this council has that id or reference")
        status = receipt["status"]
        if (delivery.response or {}).get("notify_status") == status:
            return {"delivery": delivery.pk, "status": status, "applied": False}
        delivery.response = {**(delivery.response or {}), "notify_status": status, "notify_status_at": _now()}
        delivery.save(update_fields=["response"])
        if delivery.case is not None:
            what = "Text message" if delivery.kind == Delivery.Kind.SMS else "Email"
            case_event_record(
                delivery.case,
                EventKind.MESSAGE_DELIVERED if status == "delivered" else EventKind.MESSAGE_NOT_DELIVERED,
                f"{what} to the resident {RECEIPT_STATUSES[status]}",
                actor_label="GOV.UK Notify",
                detail={"delivery_id": delivery.pk, "status": status, "purpose": delivery.purpose},
            )
    return {"delivery": delivery.pk, "status": status, "applied": True}


def _now() -> str:
    return timezone.now().isoformat()
