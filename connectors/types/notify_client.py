"""One message through GOV.UK Notify's official client, with its errors mapped to retry or dead letter.

Used by the `notify` connector type and by residents' messages (connectors/resident_notify.py).
Notify has no idempotency header, so the delivery's idempotency key travels as `reference`.
"""

from __future__ import annotations

from typing import Any

import requests
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from connectors.outbound import outbound_session, refused_at_connect

from .base import DeliveryFailed, DeliveryRejected

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


def notify_message_send(
    *,
    api_key: str,
    base_url: str,
    channel: str,
    recipient: str,
    template_id: str,
    personalisation: dict[str, Any],
    reference: str,
    timeout: float = 10.0,
) -> dict[str, Any]:
    """Send one email or SMS; returns Notify's notification id and reference. Raises DeliveryFailed/Rejected."""
    if not recipient:
        raise DeliveryRejected("No recipient: no email address or phone number to send to through Notify")
    if not api_key:
        raise DeliveryRejected("No Notify API key has been entered for this API URL; enter it in the admin")
    client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)
    client.request_session = outbound_session(base_url)  # checks the address it connects to; no redirects
    common = {"template_id": template_id, "personalisation": personalisation, "reference": reference}
    try:
        if channel == "sms":
            answer = client.send_sms_notification(phone_number=recipient, **common)
        else:
            answer = client.send_email_notification(email_address=recipient, **common)
    except HTTPError as exc:
        refused = refused_at_connect(exc, url=base_url)
        if refused is not None:
            raise DeliveryRejected(f"Not sent: {refused}") from exc
        text = f"Notify HTTP {exc.status_code}: {exc.message}"
        if exc.status_code in (429,) or (exc.status_code or 500) >= 500:
            raise DeliveryFailed(text) from exc
        raise DeliveryRejected(text) from exc
    except (requests.RequestException, OSError) as exc:
        raise DeliveryFailed(f"Could not reach Notify: {exc}") from exc
    return {"notify_id": answer.get("id"), "reference": answer.get("reference")}
