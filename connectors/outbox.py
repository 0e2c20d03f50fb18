"""The transactional outbox: deliveries are rows written with the change that causes them.

Residents' messages are marked `resident` so the worker sends them through the council's GOV.UK Notify
when it has one (connectors/resident_notify.py); a resident with only a phone number gets a text then.
"""

from __future__ import annotations

from typing import Any

from connectors.models import Delivery

from .resident_notify import resident_sms_possible


def delivery_enqueue_email(case, *, to: list[str], subject: str, body: str, purpose: str = "") -> Delivery:
    """Queue an email; call inside the transaction of the case change so a rollback drops it too."""
    return Delivery.objects.create(
        council_id=case.council_id,
        case=case,
        kind=Delivery.Kind.EMAIL,
        purpose=purpose,
        payload={"to": to, "subject": subject, "body": body},
    )


def resident_message_enqueue(case: Any, *, subject: str, body: str, purpose: str = "") -> Delivery | None:
    """Queue a message to the case's resident: email, else a text when Notify can send one; None: no way to reach them."""
    customer = case.customer if case.customer_id else None
    email = customer.email if customer else ""
    if email:
        return resident_email_enqueue(case.council_id, case=case, to=email, subject=subject, body=body, purpose=purpose)
    phone = customer.phone if customer else ""
    if not phone or not resident_sms_possible(case.council_id):
        return None
    return Delivery.objects.create(
        council_id=case.council_id,
        case=case,
        kind=Delivery.Kind.SMS,
        purpose=purpose,
        payload={"phone": phone, "subject": subject, "body": body, "resident": True},
    )


def resident_email_enqueue(
    council_id: int, *, case: Any = None, to: str, subject: str, body: str, purpose: str = ""
) -> Delivery:
    """Queue an email to a resident (about a case, or not: a magic link, saved answers), Notify when configured."""
    return Delivery.objects.create(
        council_id=council_id,
        case=case,
        kind=Delivery.Kind.EMAIL,
        purpose=purpose,
        payload={"to": [to], "subject": subject, "body": body, "resident": True},
    )
