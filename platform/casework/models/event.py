"""The append-only timeline of a case: what officers see, the audit trail and the source of many KPIs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    DATA_CHANGED = "data_changed", _("Answers changed")
    TASK_CREATED = "task_created", _("Task created")
    TASK_ASSIGNED = "task_assigned", _("Task assigned")
    TASK_CLAIMED = "task_claimed", _("Task claimed")
    TASK_RELEASED = "task_released", _("Task released")
    TASK_COMPLETED = "task_completed", _("Task completed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    NOTE_ADDED = "note_added", _("Internal note")
    MESSAGE_SENT = "message_sent", _("Message to resident")
    MESSAGE_DELIVERED = "message_delivered", _("Message delivered")
    MESSAGE_NOT_DELIVERED = "message_not_delivered", _("Message not delivered")
    RESIDENT_ADDED_INFO = "resident_added_info", _("Resident added information")
    NOTIFICATION_QUEUED = "notification_queued", _("Notification queued")
    CONNECTOR_SENT = "connector_sent", _("Sent to back office")
    CONNECTOR_ACKNOWLEDGED = "connector_acknowledged", _("Back office replied")
    CONNECTOR_FAILED = "connector_failed", _("Back office delivery failed")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    CLOCK_STOPPED = "clock_stopped", _("SLA clock stopped")
    CLOCK_RESTARTED = "clock_restarted", _("SLA clock restarted")
    DUE_EXTENDED = "due_extended", _("Due date extended")
    DUE_RECOMPUTED = "due_recomputed", _("Due date recomputed")
    ESCALATED = "escalated", _("Escalated")
    RESOLVED = "resolved", _("Resolved")
    RESIDENT_CONFIRMED = "resident_confirmed", _("Resident confirmed resolution")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    REFERRED = "referred", _("Referred to another council")
    CUSTOMER_CHANGED = "customer_changed", _("Customer record changed")
    PERSONAL_DATA_REMOVED = "personal_data_removed", _("Personal data removed")
    LEGAL_HOLD_CHANGED = "legal_hold_changed", _("Legal hold changed")
    CASE_LINKED = "case_linked", _("Linked to another case")


class CaseEvent(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, blank=True, help_text="Who, when not an officer: resident, system, a back office."
    )
    summary = models.CharField(max_length=500)
    detail = models.JSONField(default=dict, blank=True)
    resident_visible = models.BooleanField(default=False)
    task = models.ForeignKey(
        "casework.CaseTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )

    # The API events feed's order, given after the event's transaction has committed (api.feed), so a reader paging
    # by it never passes an event that commits late. Numbering is not history: save() stays append-only.
    feed_position = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(
                fields=["id"], name="caseevent_feed_unnumbered", condition=models.Q(feed_position__isnull=True)
            ),
            models.Index(fields=["case", "at"]),
            models.Index(fields=["kind", "at"]),
            # A case's first officer response (reporting's first-response KPI) in one probe; same kinds, same
            # order, as reporting.selectors.kpis.FIRST_RESPONSE_KINDS so the planner can match the condition.
            models.Index(
                fields=["case", "at"],
                name="caseevent_first_response",
                condition=models.Q(kind__in=["task_claimed", "message_sent"], actor__isnull=False),
            ),
            # Resolutions and reopenings in a period (reporting's reopen rate), read without the table.
            models.Index(
                fields=["kind", "at"],
                name="caseevent_report_reopen",
                include=["case"],
                condition=models.Q(kind__in=["resolved", "reopened"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Case events are append-only.")
