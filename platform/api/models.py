"""Machine clients of the API: an OAuth2 application (django-oauth-toolkit) registered for one council."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import APPLICATION_MODEL

API_SCOPES = cast(dict[str, str], settings.OAUTH2_PROVIDER["SCOPES"])  # name -> what it allows


class ApiClient(models.Model):
    """A back-office system's OAuth2 client: it acts for exactly one council, within the scopes listed here."""

    application = models.OneToOneField(APPLICATION_MODEL, on_delete=models.CASCADE, related_name="councilflow_client")
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="api_clients")
    scopes = models.JSONField(default=list, help_text="Scopes this client may ask for: " + ", ".join(API_SCOPES))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["council", "application__name"]

    def __str__(self) -> str:
        return f"{self.application.name} ({self.council})"
