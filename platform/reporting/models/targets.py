"""Targets a council sets for its KPIs; the scorecard rates each KPI red, amber or green against them."""

from __future__ import annotations

from django.db import models

from ..kpi_catalogue import KPI_CHOICES


class KpiTarget(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="kpi_targets")
    kpi = models.CharField("KPI", max_length=40, choices=KPI_CHOICES)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    amber_margin = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text="How far on the wrong side of the target still counts as amber, in the KPI's own unit.",
    )

    class Meta:
        verbose_name = "KPI target"
        ordering = ["council__name", "kpi"]
        constraints = [models.UniqueConstraint(fields=["council", "kpi"], name="kpi_target_unique_per_council")]

    def __str__(self) -> str:
        return f"{self.get_kpi_display()} target {self.target} ({self.council})"
