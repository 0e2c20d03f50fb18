"""The transactional outbox: deliveries are rows written with the change that causes them."""

from __future__ import annotations

from connectors.models import Delivery


def delivery_enqueue_email(case, *, to: list[str], subject: str, body: str, purpose: str = "") -> Delivery:
    """Queue an email; call inside the transaction of the case change so a rollback drops it too."""
    return Delivery.objects.create(
        council_id=case.council_id,
        case=case,
        kind=Delivery.Kind.EMAIL,
        purpose=purpose,
        payload={"to": to, "subject": subject, "body": body},
    )
