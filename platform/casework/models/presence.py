"""Who has a case open right now: one row per officer and case, refreshed by the page's heartbeat."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CasePresence(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(help_text="When this visit began (reset after a gap in heartbeats).")
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_presence_unique")]
        indexes = [models.Index(fields=["case", "last_seen"])]
