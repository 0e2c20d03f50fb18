"""The start-a-service form: every choice list is the designer's own council's rows, picked by name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest

from councilflow.versioning import DefinitionStatus
from councils.models import Team

from .access import studio_councils, studio_forms, studio_workflows
from .service_start import workflow_sla_days

NEW, EXISTING = "new", "existing"


def _latest_per_slug(queryset: QuerySet) -> QuerySet:
    """One row per slug: the published version, else the newest draft (retired versions are not offered)."""
    chosen: dict[tuple[int, str], Any] = {}
    for row in queryset.exclude(status=DefinitionStatus.RETIRED).order_by("council_id", "slug", "-version"):
        key = (row.council_id, row.slug)
        current = chosen.get(key)
        if current is None or (
            row.status == DefinitionStatus.PUBLISHED and current.status != DefinitionStatus.PUBLISHED
        ):
            chosen[key] = row
    return queryset.filter(pk__in=[row.pk for row in chosen.values()])


class _NamedChoice(forms.ModelChoiceField):
    """Options show names (and the council when the designer works for several), never slugs."""

    def __init__(self, *args: Any, show_council: bool = False, **kwargs: Any):
        self.show_council = show_council
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        label = self.describe(obj)
        return f"{label} — {obj.council.name}" if self.show_council else label

    def describe(self, obj: Any) -> str:
        return obj.name


class _DefinitionChoice(_NamedChoice):
    def describe(self, obj: Any) -> str:
        label = f"{obj.name} (v{obj.version}, {obj.get_status_display().lower()})"
        days = workflow_sla_days(obj) if hasattr(obj, "definition") else None
        return f"{label}, its own SLA {days} working days" if days else label


class ServiceStartForm(forms.Form):
    council: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, empty_label=None)
    name = forms.CharField(max_length=200, help_text="What residents see in the service list, e.g. “Report a pothole”.")
    category = forms.CharField(max_length=100, required=False, help_text="Groups services in the list, e.g. “Roads”.")
    summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One or two sentences for the list."
    )
    sla_working_days = forms.IntegerField(
        label="Target to resolve a case (working days)",
        min_value=0,
        max_value=365,
        initial=10,
        help_text="0 means no target. If the workflow sets its own SLA, the workflow's wins, so the two must agree.",
    )
    start_with = forms.ChoiceField(
        label="Form and workflow",
        widget=forms.RadioSelect,
        initial=NEW,
        choices=[(NEW, "A new form and workflow (you build them next)"), (EXISTING, "Ones the council already has")],
    )
    team = _NamedChoice(
        queryset=None,
        required=False,
        label="Team that handles the cases",
        help_text="Its first task goes to this team.",
        empty_label="Choose a team",
    )
    form = _DefinitionChoice(queryset=None, required=False, label="Existing form", empty_label="Choose a form")
    workflow = _DefinitionChoice(
        queryset=None, required=False, label="Existing workflow", empty_label="Choose a workflow"
    )
    CONDITIONAL = ("team", "form", "workflow")  # required for one choice of start_with: never marked "(optional)"

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any):
        super().__init__(*args, **kwargs)
        councils = studio_councils(request)
        several = councils.count() > 1
        self._choice("council").queryset = councils
        team = self._choice("team")
        team.queryset = Team.objects.filter(council__in=councils).select_related("council").order_by("name")
        team.show_council = several
        rows: QuerySet
        for name, rows in (("form", studio_forms(request)), ("workflow", studio_workflows(request))):
            field = self._choice(name)
            field.queryset = _latest_per_slug(rows).select_related("council").order_by("name")
            field.show_council = several

    def _choice(self, name: str) -> Any:
        return self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        council = cleaned.get("council")
        if cleaned.get("start_with") == NEW:
            self._clean_new(cleaned, council)
        elif cleaned.get("start_with") == EXISTING:
            self._clean_existing(cleaned, council)
        return cleaned

    def _clean_new(self, cleaned: dict[str, Any], council: Any) -> None:
        team = cleaned.get("team")
        if team is None:
            self.add_error("team", "Select the team that handles the cases")
        elif council and team.council_id != council.pk:
            self.add_error("team", f"“{team.name}” is a team of {team.council.name}; pick one of {council.name}'s")

    def _clean_existing(self, cleaned: dict[str, Any], council: Any) -> None:
        form, workflow = cleaned.get("form"), cleaned.get("workflow")
        if form is None:
            self.add_error("form", "Select the form residents fill in")
        if workflow is None:
            self.add_error("workflow", "Select the workflow that routes the cases")
        for field, row in (("form", form), ("workflow", workflow)):
            if row is not None and council and row.council_id != council.pk:
                self.add_error(field, f"“{row.name}” belongs to {row.council.name}; pick one of {council.name}'s")
        if form is not None and workflow is not None and workflow.form_slug != form.slug:
            self.add_error("workflow", f"“{workflow.name}” routes on a different form than “{form.name}”")
        days = workflow_sla_days(workflow)
        typed = cleaned.get("sla_working_days")
        if workflow is not None and days is not None and typed is not None and typed != days:
            self.add_error(
                "sla_working_days",
                f"The workflow “{workflow.name}” sets its own SLA of {days} working days, and the workflow's wins: "
                f"enter {days}, or pick a workflow without its own SLA",
            )
