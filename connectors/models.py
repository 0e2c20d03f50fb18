"""Connectors to back-office systems and the transactional outbox of deliveries to them."""
from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from councils.ownership import council_links_validate

from .crypto import EncryptedSecretsField


class Connector(models.Model):
    """A configured link from one council to one back-office system (or mailbox, or Notify)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="connectors")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=30, help_text="Connector type, e.g. rest, email, notify.")
    config = models.JSONField(default=dict, blank=True, help_text="Non-secret settings: URL, method, mappings.")
    secrets = EncryptedSecretsField(default=dict, blank=True, help_text="Tokens and keys; encrypted at rest, never shown back or exported.")
    is_active = models.BooleanField(default=True)
    max_attempts = models.PositiveIntegerField(default=8)

    class Meta:
        ordering = ["council__name", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "slug"], name="connector_unique_slug_per_council")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class Delivery(models.Model):
    """One outbound message, written in the same transaction as the change that caused it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DEAD = "dead", "Dead letter"
        CANCELLED = "cancelled", "Cancelled"

    class Kind(models.TextChoices):
        EMAIL = "email", "Email to a person"
        CONNECTOR = "connector", "Connector call"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="deliveries")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries")
    connector = models.ForeignKey(Connector, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    purpose = models.CharField(max_length=60, blank=True, help_text="Why it was sent, e.g. confirmation, step id.")
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    step_task_id = models.BigIntegerField(null=True, blank=True, help_text="Workflow task waiting for the reply, if any.")
    attempt_log = models.JSONField(default=list, blank=True, help_text="One entry per failed attempt: when, error, backoff.")

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    def clean(self) -> None:
        """A delivery goes through its own council's connector, about its own council's case."""
        super().clean()
        council_links_validate(self, fields=["case", "connector"])


class InboundEvent(models.Model):
    """A webhook event already applied: the sender's event id makes a replay a no-op."""

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="inbound_events")
    event_id = models.CharField(max_length=200)
    case = models.ForeignKey("casework.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["connector", "event_id"], name="inbound_event_unique_per_connector")]

    def __str__(self) -> str:
        return f"{self.connector.slug}:{self.event_id}"

    def clean(self) -> None:
        """A webhook of one council's connector can only touch that council's cases."""
        super().clean()
        if self.connector_id is not None:
            council_links_validate(self, fields=["case"], council_id=self.connector.council_id)
