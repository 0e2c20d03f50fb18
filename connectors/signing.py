"""HMAC-SHA256 signatures over "<timestamp>.<body>", used outbound (REST auth) and inbound (webhooks)."""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Councilflow-Timestamp"
SIGNATURE_HEADER = "X-Councilflow-Signature"


def signature_compute(*, key: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex>` of HMAC-SHA256(key, timestamp + "." + body)."""
    digest = hmac.new(key.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_headers(*, key: str, body: bytes, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(now if now is not None else time.time()))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature_compute(key=key, timestamp=timestamp, body=body)}


def signature_valid(*, key: str, timestamp: str, body: bytes, signature: str) -> bool:
    """Constant-time comparison, so a caller cannot learn the signature byte by byte."""
    return hmac.compare_digest(signature_compute(key=key, timestamp=timestamp, body=body), signature or "")
