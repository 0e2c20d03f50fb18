"""API clients' lifecycle (a council administrator's actions): register, rotate the secret, revoke.

`manage.py api_client_register` and the admin page both call these; a secret is returned once and never stored
in clear (django-oauth-toolkit hashes it) nor logged."""

from __future__ import annotations

import secrets as token_secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, get_application_model

from councils.models import Council, Membership

from .models import API_SCOPES, ApiClient


class ApiClientInvalid(ValueError):
    """A registration that cannot be made as asked (the message names the field and says why)."""


def api_client_register(*, council: Council, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A confidential client-credentials application for `council`, with its service account; returns the client
    and its secret (shown once)."""
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
            name=name.strip()[:200],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            client_secret=secret,  # stored hashed (django-oauth-toolkit hashes it on save)
        )
        user = _service_account_create(council=council, name=name.strip(), client_id=application.client_id)
        client = ApiClient.objects.create(
            application=application, council=council, user=user, scopes=sorted(set(scopes))
        )
    return client, secret


def api_client_rotate(*, client: ApiClient) -> str:
    """A new secret for the client (the old one stops working at once); its live tokens are revoked too."""
    if client.revoked_at is not None:
        raise ApiClientInvalid("client: revoked clients cannot be given a new secret")
    secret = generate_client_secret()
    with transaction.atomic():
        application = client.application
        application.client_secret = secret
        application.save(update_fields=["client_secret"])
        AccessToken.objects.filter(application=application).delete()
    return secret


def api_client_revoke(*, client: ApiClient) -> ApiClient:
    """No more tokens, every live token refused, webhooks stopped; the row stays for the audit trail."""
    with transaction.atomic():
        client.revoked_at = client.revoked_at or timezone.now()
        client.save(update_fields=["revoked_at"])
        AccessToken.objects.filter(application=client.application).delete()
        client.webhooks.update(is_active=False)
        if client.user_id:
            get_user_model().objects.filter(pk=client.user_id).update(is_active=False)
    return client


def _service_account_create(*, council: Council, name: str, client_id: str) -> User:
    """The user the client's writes are made as: a case officer at its council that cannot sign in."""
    user_model = get_user_model()
    user = user_model(username=f"api-{client_id[:20].lower()}-{token_secrets.token_hex(3)}", first_name=name[:150])
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, council=council, role=Membership.Role.CASE_OFFICER)
    return user
