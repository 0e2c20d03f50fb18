"""Connectors to back-office systems and the transactional outbox of deliveries to them."""

from __future__ import annotations

import uuid

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone

from councils.ownership import council_links_validate

from .crypto import EncryptedSecretsField
from .outbound import OutboundRefused, outbound_origin, outbound_url_check
from .types.registry import UnknownConnectorType, connector_type_get

INBOUND_SECRET = "inbound_signing_key"


def connector_destination(kind: str, config: dict) -> str:
    """The type and every origin (scheme://host:port) a connector sends to: what its secrets were entered for."""
    try:
        urls = connector_type_get(kind).outbound_urls(config or {})
    except UnknownConnectorType:
        urls = []
    return "|".join([kind, *(outbound_origin(url) for url in urls)])[:500]


class Connector(models.Model):
    """A configured link from one council to one back-office system (or mailbox, or Notify)."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="connectors")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=30, help_text="Connector type, e.g. rest, email, notify.")
    config = models.JSONField(default=dict, blank=True, help_text="Non-secret settings: URL, method, mappings.")
    secrets = EncryptedSecretsField(
        default=dict, blank=True, help_text="Tokens and keys; encrypted at rest, never shown back or exported."
    )
    secrets_destination = models.CharField(
        max_length=500,
        blank=True,
        editable=False,
        help_text="The type and origins the secrets were entered for; other destinations never get them.",
    )
    is_active = models.BooleanField(default=True)
    max_attempts = models.PositiveIntegerField(default=8)

    _secrets_entered = False  # set by secrets_enter() until the next save

    class Meta:
        ordering = ["council__name", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "slug"], name="connector_unique_slug_per_council")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    def save(self, *args, **kwargs) -> None:
        """Secrets stay bound to the destination they were entered for: a new host, port, scheme or type drops them."""
        destination = self.destination
        if self.pk is None or self._secrets_entered:
            self.secrets_destination = destination
        elif destination != self.secrets_destination:
            self.secrets = {}
            self.secrets_destination = destination
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "secrets", "secrets_destination"}
        super().save(*args, **kwargs)
        self._secrets_entered = False

    @property
    def destination(self) -> str:
        return connector_destination(self.kind, self.config)

    @property
    def destination_changed(self) -> bool:
        """The host, scheme, port or type differs from the one the stored secrets were entered for."""
        return bool(self.pk) and self.destination != self.secrets_destination

    def secrets_enter(self, values: dict[str, str]) -> None:
        """Secrets a person typed in for the connector's current destination (kept across a change of host)."""
        self.secrets = {name: value for name, value in values.items() if value}
        self._secrets_entered = True

    def secrets_missing(self) -> list[str]:
        """Secrets this configuration needs that were not entered for its destination.

        After a change of destination the stored inbound signing key must be entered again too, or
        the back office's webhooks would stop being accepted without anyone being told.
        """
        try:
            needed = list(connector_type_get(self.kind).secrets_required(self.config or {}))
        except UnknownConnectorType:
            needed = []
        if not self.destination_changed:
            return [name for name in needed if not (self.secrets or {}).get(name)]
        stored = Connector.objects.filter(pk=self.pk).values_list("secrets", flat=True).first() or {}
        if INBOUND_SECRET in stored:
            needed.append(INBOUND_SECRET)
        usable = (self.secrets or {}) if self._secrets_entered else {}
        return [name for name in needed if not usable.get(name)]

    def clean(self) -> None:
        """Every outbound URL must be public (or allowed); a new destination needs its secrets typed in again."""
        errors: dict[str, list[str]] = {}
        try:
            urls = connector_type_get(self.kind).outbound_urls(self.config or {})
        except UnknownConnectorType:
            urls = []
        for url in urls:
            try:
                outbound_url_check(url, unresolvable_ok=True)
            except OutboundRefused as exc:
                errors.setdefault("config", []).append(str(exc))
        missing = self.secrets_missing() if self.destination_changed else []
        if missing:
            errors[NON_FIELD_ERRORS] = [
                f"The connector now sends to {self.destination} (its secrets were entered for {self.secrets_destination or 'nothing'}), "
                f"so the stored secrets are not sent there: enter {', '.join(n.replace('_', ' ') for n in missing)} again."
            ]
        if errors:
            raise ValidationError(errors)


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
        SMS = "sms", "Text message to a resident"
        CONNECTOR = "connector", "Connector call"

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="deliveries")
    case = models.ForeignKey(
        "casework.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
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
    step_task_id = models.BigIntegerField(
        null=True, blank=True, help_text="Workflow task waiting for the reply, if any."
    )
    attempt_log = models.JSONField(
        default=list, blank=True, help_text="One entry per failed attempt: when, error, backoff."
    )

    class Meta:
        verbose_name_plural = "deliveries"
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
        constraints = [
            models.UniqueConstraint(fields=["connector", "event_id"], name="inbound_event_unique_per_connector")
        ]

    def __str__(self) -> str:
        return f"{self.connector.slug}:{self.event_id}"

    def clean(self) -> None:
        """A webhook of one council's connector can only touch that council's cases."""
        super().clean()
        if self.connector_id is not None:
            council_links_validate(self, fields=["case"], council_id=self.connector.council_id)


class AddressFinder(models.Model):
    """Where a council's "find an address" questions look postcodes up: its own gazetteer or OS Places.

    A council without a row uses its embedded gazetteer (the demo's default, so `make run` works offline).
    """

    class Provider(models.TextChoices):
        GAZETTEER = "gazetteer", "Embedded gazetteer (the council's address register, loaded from CSV)"
        OS_PLACES = "os_places", "OS Places API"

    council = models.OneToOneField("councils.Council", on_delete=models.CASCADE, related_name="address_finder")
    provider = models.CharField(max_length=20, choices=Provider.choices, default=Provider.GAZETTEER)
    os_places_url = models.URLField(
        "OS Places URL",
        default="https://api.os.uk/search/places/v1",
        help_text="The API's base address; /postcode is added. The key comes from below or OS_PLACES_API_KEY.",
    )
    secrets = EncryptedSecretsField(blank=True, default=dict, help_text="The OS Places API key, encrypted.")

    class Meta:
        verbose_name = "address finder"

    def __str__(self) -> str:
        return f"{self.council}: {self.get_provider_display()}"

    def clean(self) -> None:
        super().clean()
        if self.provider == self.Provider.OS_PLACES:
            try:
                outbound_url_check(self.os_places_url, unresolvable_ok=True)
            except OutboundRefused as exc:
                raise ValidationError({"os_places_url": str(exc)}) from exc


class GazetteerAddress(models.Model):
    """One address of a council's register (LLPG / AddressBase extract), found by its postcode."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="gazetteer_addresses")
    uprn = models.CharField("UPRN", max_length=12)
    usrn = models.CharField("USRN", max_length=8, blank=True)
    address = models.CharField(max_length=500, help_text="The whole address on one line.")
    line1 = models.CharField(max_length=200, blank=True)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, help_text="Capitals, one space: RD1 2AB.")
    postcode_key = models.CharField(max_length=7, help_text="The postcode without spaces, for lookups.")
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["postcode_key", "address"]
        constraints = [models.UniqueConstraint(fields=["council", "uprn"], name="gazetteer_uprn_unique_per_council")]
        indexes = [models.Index(fields=["council", "postcode_key"], name="gazetteer_postcode")]

    def __str__(self) -> str:
        return f"{self.uprn} {self.address}"


class ResidentNotify(models.Model):
    """A council's GOV.UK Notify account for everything its residents receive (email, and SMS by phone only).

    The common Notify pattern: one email and one SMS template whose content is ((subject)) and ((body)),
    so every message we write is sent through them; `templates` may name others per message purpose.
    Without an active row (or while it is off), residents are emailed as before.
    """

    council = models.OneToOneField("councils.Council", on_delete=models.CASCADE, related_name="resident_notify")
    is_active = models.BooleanField("Send residents' messages through Notify", default=True)
    base_url = models.URLField(
        "Notify API URL",
        default="https://api.notifications.service.gov.uk",
        help_text="Notify's API address; only change it for a test stand-in.",
    )
    email_template_id = models.CharField(
        "Email template ID", max_length=36, help_text="An email template with ((subject)) as subject, ((body)) as body."
    )
    sms_template_id = models.CharField(
        "Text message template ID",
        max_length=36,
        blank=True,
        help_text="A text message template whose content is ((body)); blank: residents with only a phone get nothing.",
    )
    templates = models.JSONField(
        default=dict,
        blank=True,
        help_text='Optional templates per message purpose, e.g. {"confirmation": {"email": "<id>", "sms": "<id>"}}.',
    )
    secrets = EncryptedSecretsField(
        default=dict, blank=True, help_text="The API key and the receipts token; encrypted, never shown back."
    )
    secrets_base_url = models.URLField(
        blank=True, editable=False, help_text="The API URL the key was entered for; another URL never gets it."
    )

    class Meta:
        verbose_name = "GOV.UK Notify for residents"
        verbose_name_plural = "GOV.UK Notify for residents"

    def __str__(self) -> str:
        return f"{self.council}: GOV.UK Notify"

    def template_for(self, *, purpose: str, channel: str) -> str:
        """The template for a purpose's message on a channel: the purpose's own, else the common one."""
        chosen = ((self.templates or {}).get(purpose) or {}).get(channel)
        if chosen:
            return str(chosen)
        return self.sms_template_id if channel == "sms" else self.email_template_id

    @property
    def api_key(self) -> str:
        """The key, only while the API URL is the one it was entered for."""
        if self.secrets_base_url != self.base_url:
            return ""
        return self.secret("api_key")

    def secret(self, name: str) -> str:
        stored: dict = self.secrets or {}  # type: ignore[assignment]  # the field decrypts to a dict
        return str(stored.get(name, ""))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        try:
            outbound_url_check(self.base_url, unresolvable_ok=True)
        except OutboundRefused as exc:
            errors["base_url"] = [str(exc)]
        templates = self.templates if isinstance(self.templates, dict) else None
        if templates is None:
            errors["templates"] = ['Give an object such as {"confirmation": {"email": "<template id>"}}']
        else:
            for purpose, chosen in templates.items():
                if not isinstance(chosen, dict) or not set(chosen) <= {"email", "sms"}:
                    errors.setdefault("templates", []).append(
                        f'/templates/{purpose}: give {{"email": "<id>", "sms": "<id>"}} (either may be left out)'
                    )
                    continue
                for channel, value in chosen.items():
                    if not isinstance(value, str) or not value.strip() or len(value) > 36:
                        errors.setdefault("templates", []).append(
                            f"/templates/{purpose}/{channel}: give a Notify template ID"
                        )
        if errors:
            raise ValidationError(errors)
