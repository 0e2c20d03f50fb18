"""The benefits register: what a council expects its digital services to save, and the costs savings are computed from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from councils.ownership import council_links_validate

from ..kpi_catalogue import BENEFIT_SOURCE_CHOICES


class UnitCost(models.Model):
    """Cost of one contact on a channel, and that channel's share of contacts before the digital service."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="unit_costs")
    channel = models.CharField(
        max_length=20,
        choices=[("web", "Web"), ("phone", "Phone"), ("email", "Email"), ("face_to_face", "Face to face")],
    )
    cost_per_contact = models.DecimalField(
        "cost per contact (£)", max_digits=8, decimal_places=2, help_text="£ per contact on this channel."
    )
    baseline_share_pct = models.DecimalField(
        "baseline share (%)",
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text="Share of contacts (%) that came on this channel at the baseline; channel shift is measured against it.",
    )

    class Meta:
        ordering = ["council__name", "channel"]
        constraints = [models.UniqueConstraint(fields=["council", "channel"], name="unit_cost_unique_per_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} £{self.cost_per_contact} ({self.council})"


class SavingsAssumptions(models.Model):
    """Per council: what an officer hour costs and how long re-keying a case into a back office took."""

    council = models.OneToOneField("councils.Council", on_delete=models.CASCADE, related_name="savings_assumptions")
    officer_hourly_cost = models.DecimalField(
        "officer hourly cost (£)",
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text="£ per officer hour, on-costs included.",
    )
    rekey_minutes = models.DecimalField(
        "minutes to re-key a case",
        max_digits=6,
        decimal_places=2,
        default=0,
        help_text="Minutes an officer spent re-keying one case into a back-office system before connectors did it.",
    )

    class Meta:
        verbose_name_plural = "savings assumptions"

    def __str__(self) -> str:
        return f"Savings assumptions ({self.council})"


class Benefit(models.Model):
    """One expected benefit: a measure with a baseline and a target, computed from live data or recorded by hand."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="benefits")
    description = models.TextField()
    measure = models.CharField(
        max_length=200, help_text="What is measured, e.g. '£ saved per month from channel shift'."
    )
    source = models.CharField(
        max_length=40, choices=BENEFIT_SOURCE_CHOICES, help_text="The KPI or saving it is computed from, or 'manual'."
    )
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2)
    baseline_date = models.DateField()
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    target_date = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    governance_body = models.CharField(max_length=200, help_text="The board or committee that reviews it.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["council__name", "target_date", "pk"]

    def __str__(self) -> str:
        return self.measure

    def clean(self) -> None:
        """The owner is a person of the benefit's council."""
        super().clean()
        council_links_validate(self, fields=["owner"])


class BenefitFigure(models.Model):
    """A hand-recorded figure for a manual benefit, with its evidence."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="figures")
    month = models.DateField(help_text="First day of the month the figure is for.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    evidence = models.TextField(help_text="Where the figure comes from, so it can be checked.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["benefit", "month"]
        constraints = [models.UniqueConstraint(fields=["benefit", "month"], name="benefit_figure_unique_month")]
