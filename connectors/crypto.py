"""Connector secrets at rest: Fernet (AES-128-CBC + HMAC) keyed from SECRET_KEY through HKDF-SHA256.

Why HKDF: the Fernet key is derived, never stored, and differs from any other use of SECRET_KEY.
Rotating SECRET_KEY needs the old key in CONNECTOR_SECRET_KEYS_FALLBACK (or secrets re-entered).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


def _fernet_for(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"councilflow-connectors", info=b"connector-secrets").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "CONNECTOR_SECRET_KEYS_FALLBACK", [])]
    return MultiFernet([_fernet_for(key) for key in keys])


def secrets_encrypt(values: dict[str, Any]) -> str:
    return PREFIX + _fernet().encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def secrets_decrypt(stored: str) -> dict[str, Any]:
    if not stored:
        return {}
    if not stored.startswith(PREFIX):
        # Rows from before encryption (the column was JSON): read once, encrypted on the next save.
        return json.loads(stored)
    try:
        return json.loads(_fernet().decrypt(stored[len(PREFIX) :].encode()))
    except InvalidToken as exc:
        raise ValueError("connector secrets cannot be decrypted with this SECRET_KEY") from exc


class EncryptedSecretsField(models.TextField):
    """A dict in Python, Fernet ciphertext in the database (so dumps and exports carry no secret)."""

    def from_db_value(self, value, expression, connection):
        return secrets_decrypt(value) if value else {}

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        return secrets_decrypt(value) if value else {}

    def get_prep_value(self, value):
        if value is None or value == {}:
            return ""
        if isinstance(value, str):
            return value if value.startswith(PREFIX) else secrets_encrypt(json.loads(value))
        return secrets_encrypt(value)

    def value_to_string(self, obj):
        return ""  # serialisers (dumpdata, exports) never see secrets
