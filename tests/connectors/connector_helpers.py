"""Helpers shared by the connector tests (a module, not fixtures: they take arguments)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time


def drain(max_passes: int = 50) -> None:
    """Run worker passes until nothing is pending (retries are fast in tests)."""
    from connectors.models import Delivery
    from connectors.worker import deliveries_send_due

    for _ in range(max_passes):
        deliveries_send_due()
        if not Delivery.objects.filter(status__in=["pending", "sending"]).exists():
            return
        time.sleep(0.06)
    raise AssertionError("deliveries still pending after the worker passes")


def signed_post(client, url: str, document, *, key: str, timestamp: int | None = None, signature: str | None = None):
    """POST a webhook signed like a back office would: HMAC-SHA256 over "<timestamp>.<body>"."""
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    if signature is None:
        signature = "sha256=" + hmac.new(key.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return client.post(
        url,
        data=body,
        content_type="application/json",
        headers={"X-Councilflow-Timestamp": stamp, "X-Councilflow-Signature": signature},
    )
