"""What a resident can ask for; points at the published form and workflow versions new cases use."""

from __future__ import annotations

from django.db import models

from councils.ownership import council_links_validate


class Service(models.Model):
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="services")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="One or two sentences for the service list.")
    category = models.CharField(max_length=100, blank=True, help_text="Group in the council's service list.")
    before_you_start = models.TextField(blank=True, help_text="What you need, shown on the start page.")
    lgsl_code = models.PositiveIntegerField(null=True, blank=True, help_text="Local Government Service List code.")
    form = models.ForeignKey(
        "form_definitions.FormDefinition", on_delete=models.PROTECT, null=True, blank=True, related_name="services"
    )
    workflow = models.ForeignKey(
        "workflows.WorkflowDefinition", on_delete=models.PROTECT, null=True, blank=True, related_name="services"
    )
    sla_working_days = models.PositiveIntegerField(default=10, help_text="Target to resolve a case, in working days.")
    is_live = models.BooleanField(default=True)
    retention_months = models.PositiveIntegerField(
        "retention (months after closure)",
        null=True,
        blank=True,
        help_text="How long a closed case keeps its personal data before the worker removes it, e.g. 72 for "
        "6 years. Empty keeps it until someone erases it.",
    )
    provenance = models.JSONField(default=dict, blank=True)
    # Shown instead of the English on a Welsh-enabled council's Welsh pages; blank means "use the English".
    name_cy = models.CharField("name (Welsh)", max_length=200, blank=True)
    summary_cy = models.TextField("summary (Welsh)", blank=True)
    category_cy = models.CharField("category (Welsh)", max_length=100, blank=True)
    before_you_start_cy = models.TextField("before you start (Welsh)", blank=True)

    WELSH_FIELDS = ("name_cy", "summary_cy", "category_cy", "before_you_start_cy")

    class Meta:
        ordering = ["council__name", "category", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "slug"], name="service_unique_slug_per_council")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A service runs only its own council's definitions (imported library versions are the council's rows)."""
        super().clean()
        council_links_validate(self, fields=["form", "workflow"], hint=" (or a library version imported into it)")

    @property
    def accepts_cases(self) -> bool:
        return bool(self.is_live and self.form_id and self.workflow_id)
