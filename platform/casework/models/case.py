"""The case: a viewflow Process subclass, so viewflow's engine, tasks and locks work on it directly."""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from councils.ownership import council_links_validate


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    FACE_TO_FACE = "face_to_face", _("Face to face")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Received")
    IN_PROGRESS = "in_progress", _("Being worked on")
    WAITING_ON_CUSTOMER = "waiting_on_customer", _("Waiting for your reply")
    WAITING_ON_BACK_OFFICE = "waiting_on_back_office", _("Waiting on another team")
    RESOLVED = "resolved", _("Resolved – awaiting confirmation")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class Case(Process):
    reference = models.CharField(max_length=30, unique=True)
    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="cases")
    service = models.ForeignKey("casework.Service", on_delete=models.PROTECT, related_name="cases")
    form_version = models.ForeignKey("form_definitions.FormDefinition", on_delete=models.PROTECT, related_name="cases")
    workflow_version = models.ForeignKey("workflows.WorkflowDefinition", on_delete=models.PROTECT, related_name="cases")
    customer = models.ForeignKey(
        "casework.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.WEB)
    language = models.CharField(
        max_length=5,
        choices=[("en", "English"), ("cy", "Welsh (Cymraeg)")],
        default="en",
        help_text="The resident's language: emails and workflow messages to them use it where Welsh wording exists.",
    )
    case_status = models.CharField(max_length=30, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True)
    answers = models.JSONField(default=dict, blank=True)
    outcomes = models.JSONField(default=dict, blank=True, help_text="Outcome chosen at each task step, by step id.")
    task_answers = models.JSONField(default=dict, blank=True, help_text="Task form answers, by step id.")
    outcome = models.CharField(max_length=30, blank=True, help_text="How the case ended (resolved, refused, ...).")
    priority = models.CharField(max_length=10, default="normal")
    version = models.PositiveIntegerField(default=1, help_text="Optimistic concurrency counter.")
    submitted_at = models.DateTimeField(db_index=True)
    due_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Resident's rating, 1 (very dissatisfied) to 5."
    )
    satisfaction_comment = models.TextField(blank=True)
    reopen_count = models.PositiveIntegerField(default=0)
    # The SLA clock (casework/services/sla_clock.py): stopped while the case waits on the resident.
    clock_stopped_at = models.DateTimeField(
        null=True, blank=True, help_text="When the SLA clock stopped; empty while it runs."
    )
    clock_stops = models.PositiveSmallIntegerField(default=0, help_text="Clock-stopping waits the case is in.")
    sla_breached_at = models.DateTimeField(
        null=True, blank=True, help_text="When the case was first recorded past its due date (cleared if extended)."
    )
    extension_count = models.PositiveSmallIntegerField(default=0, help_text="Times an officer extended the due date.")
    extended_working_days = models.PositiveSmallIntegerField(
        default=0, help_text="Working days added to the due date by extensions, in total."
    )
    legal_hold_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="While set, neither retention purge nor erasure on request touches the case (e.g. a claim).",
    )
    personal_data_removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When its personal data was erased; its reporting facts remain."
    )
    submission_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, help_text="Idempotency token of the form that created it."
    )

    class Meta:
        ordering = ["-submitted_at"]
        default_permissions = ("add", "change", "delete", "view", "manage")
        indexes = [
            models.Index(fields=["council", "case_status", "-submitted_at"]),
            models.Index(fields=["council", "service"]),
            # Reporting reads each period range of a council from one of these alone (index-only scans on
            # PostgreSQL; other databases ignore INCLUDE): cases received / backlog, resolved, closed.
            models.Index(
                fields=["council", "submitted_at"],
                name="case_report_submitted",
                include=["process_ptr", "service", "channel", "due_at", "resolved_at", "closed_at"],
            ),
            models.Index(
                fields=["council", "resolved_at"],
                name="case_report_resolved",
                include=["process_ptr", "service", "channel", "submitted_at", "due_at"],
            ),
            models.Index(
                fields=["council", "closed_at"],
                name="case_report_closed",
                include=["process_ptr", "service", "channel", "satisfaction"],
            ),
            # Officer search puts the case whose reference the query spells (any case, dashes or not) first.
            models.Index(Lower(Replace("reference", Value("-"), Value(""))), name="case_reference_key"),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        """A case runs on its own council's service and definitions, for its own council's customer."""
        super().clean()
        council_links_validate(self, fields=["service", "form_version", "workflow_version", "customer"])


class ReferenceCounter(models.Model):
    """Per council and year, the last case number issued; incremented under a row lock."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="reference_counter_unique")]
