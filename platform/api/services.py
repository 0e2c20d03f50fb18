"""Registering an API client for a council (its administrator's action; `manage.py api_client_register`)."""

from __future__ import annotations

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

from councils.models import Council

from .models import API_SCOPES, ApiClient


class ApiClientInvalid(ValueError):
    """A registration that cannot be made as asked (the message says why)."""


def api_client_register(*, council: Council, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A confidential client-credentials application for `council`; returns it and its secret (shown once)."""
    unknown = sorted(set(scopes) - set(API_SCOPES))
    if unknown:
        raise ApiClientInvalid(f"scopes: unknown {', '.join(unknown)} (known: {', '.join(API_SCOPES)})")
    if not scopes:
        raise ApiClientInvalid("scopes: give at least one")
    if not name.strip():
        raise ApiClientInvalid("name: required")
    Application = get_application_model()
    secret = generate_client_secret()
    with transaction.atomic():
        application = Application.objects.create(
            name=name.strip(),
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            client_secret=secret,  # stored hashed (django-oauth-toolkit hashes it on save)
        )
        client = ApiClient.objects.create(application=application, council=council, scopes=sorted(set(scopes)))
    return client, secret
