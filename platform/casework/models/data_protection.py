"""Data protection records: who opened which case, and every subject access export, erasure and purge.

Both outlive the personal data they are about: they name staff and record ids, never a resident's details.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CaseAccess(models.Model):
    """One row per officer view of a case page (the "who looked at this case" audit question)."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="accesses")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "case access"
        verbose_name_plural = "case access log"
        indexes = [models.Index(fields=["council", "-at"]), models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self.user} opened case {self.case_id} at {self.at:%Y-%m-%d %H:%M}"


class DataProtectionRecord(models.Model):
    """A subject access export, an erasure on request or a retention purge: what was done, by whom, to what."""

    class Kind(models.TextChoices):
        SUBJECT_ACCESS = "subject_access", "Subject access export"
        ERASURE = "erasure", "Erasure on request"
        PURGE = "purge", "Retention purge"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    customer_id_ref = models.PositiveIntegerField(
        null=True, blank=True, help_text="Customer record number (the details themselves may since be erased)."
    )
    case_references = models.JSONField(default=list, blank=True, help_text="Cases covered.")
    skipped = models.JSONField(default=list, blank=True, help_text="Cases left alone, each with the reason.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["council", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
