"""The service's issues, risks and change requests log (not about cases), with an append-only history."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from councils.ownership import council_links_validate


class LogItem(models.Model):
    class Kind(models.TextChoices):
        ISSUE = "issue", "Issue"
        RISK = "risk", "Risk"
        CHANGE = "change", "Change request"

    class Priority(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        CRITICAL = "critical", "Critical"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"

    DONE = (Status.RESOLVED, Status.CLOSED)

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="log_items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    identifier = models.CharField(max_length=30, help_text="e.g. RDC-RISK-007; issued automatically.")
    raised_on = models.DateField(default=timezone.localdate)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    impact = models.TextField(blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_date = models.DateField(null=True, blank=True, help_text="Target resolution date.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolution = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by the system (reporting.services.log_auto): one open item per cause; repeats add evidence to it.
    cause = models.CharField(
        max_length=120,
        blank=True,
        help_text="What raised it automatically, e.g. dead-letters:connector:4; empty for items people raised.",
    )
    cause_evidence = models.JSONField(
        default=dict, blank=True, help_text="{evidence key: when first seen} of each occurrence of the cause."
    )
    cause_cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the cause stopped being seen; the item can then be closed."
    )

    class Meta:
        verbose_name = "issues and risks log item"
        verbose_name_plural = "issues and risks log"
        ordering = ["council__name", "-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "identifier"], name="log_item_unique_identifier"),
            models.UniqueConstraint(
                fields=["council", "cause"],
                condition=~models.Q(cause="") & ~models.Q(status__in=["resolved", "closed"]),
                name="log_item_one_open_per_cause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    def clean(self) -> None:
        """The owner is a person of the item's council (whoever raised it may be partnership-wide)."""
        super().clean()
        council_links_validate(self, fields=["owner"])

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.target_date and self.status not in self.DONE and self.target_date < today)


class LogItemHistory(models.Model):
    """One change to a log item: who, when, and each field's old and new value. Append-only."""

    item = models.ForeignKey(LogItem, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changes = models.JSONField(default=dict, help_text="{field: [old, new]}; on creation, {field: [null, value]}.")

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Log history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Log history is append-only.")
