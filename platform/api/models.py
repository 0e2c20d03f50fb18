"""Machine clients of the API: an OAuth2 application (django-oauth-toolkit) registered for one council, and the
webhook subscriptions through which it hears of its council's case events."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import APPLICATION_MODEL

API_SCOPES = cast(dict[str, str], settings.OAUTH2_PROVIDER["SCOPES"])  # name -> what it allows


class ApiClient(models.Model):
    """A back-office system's OAuth2 client: it acts for exactly one council, within the scopes listed here.

    Its writes are made as `user`, a service account with a case officer's role at the council (no password,
    so it cannot sign in), so the same services, permissions and timeline apply as to an officer's actions."""

    application = models.OneToOneField(APPLICATION_MODEL, on_delete=models.CASCADE, related_name="councilflow_client")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="api_clients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_client",
        help_text="The service account the client's writes are made as (its council role and teams apply).",
    )
    scopes = models.JSONField(default=list, help_text="Scopes this client may ask for: " + ", ".join(API_SCOPES))
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Set when revoked: no new tokens, none valid.")

    class Meta:
        ordering = ["council", "application__name"]

    def __str__(self) -> str:
        return f"{self.application.name} ({self.council})"


class WebhookSubscription(models.Model):
    """A client's URL that receives its council's case events, signed, through the connectors' outbox.

    `connector` is a REST connector (HMAC auth) made for the subscription: deliveries, retries with backoff,
    dead letters and the outbound address checks are the outbox's own."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    connector = models.OneToOneField(
        "connectors.Connector", on_delete=models.PROTECT, related_name="webhook_subscription"
    )
    kinds = models.JSONField(default=list, blank=True, help_text="Event kinds to send; empty: every kind.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Webhook {self.pk} of {self.client}"
