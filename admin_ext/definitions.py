"""Service designers edit draft form and workflow definitions as JSON; invalid ones are refused on save."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from councilflow.errors import DefinitionInvalid
from councilflow.versioning import DefinitionStatus
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft, form_definition_publish
from workflows.models import WorkflowDefinition
from workflows.services import (
    workflow_definition_full_check,
    workflow_definition_new_draft,
    workflow_definition_publish,
)

from .json_widgets import PrettyJSONField, definition_errors_to_form
from .scoping import CouncilScopedAdmin
from .workflow_tools import workflow_tool_urls


class FormDefinitionForm(forms.ModelForm):
    schema = PrettyJSONField()
    ui_schema = PrettyJSONField(required=False, label="UI schema")

    class Meta:
        model = FormDefinition
        fields = ["council", "slug", "name", "version", "notes", "schema", "ui_schema"]

    def clean(self):
        cleaned = super().clean()
        if "schema" in cleaned:
            try:
                form_definition_check(cleaned["schema"], cleaned.get("ui_schema") or {})
            except DefinitionInvalid as exc:
                definition_errors_to_form(
                    self, exc, lambda path: "ui_schema" if path.startswith("/ui_schema") else "schema"
                )
        return cleaned


class WorkflowDefinitionForm(forms.ModelForm):
    definition = PrettyJSONField()

    class Meta:
        model = WorkflowDefinition
        fields = ["council", "slug", "name", "version", "form_slug", "notes", "definition"]

    def clean(self):
        cleaned = super().clean()
        if "definition" in cleaned and cleaned.get("council"):
            candidate = WorkflowDefinition(
                council=cleaned["council"], form_slug=cleaned.get("form_slug", ""), definition=cleaned["definition"]
            )
            try:
                workflow_definition_full_check(candidate)
            except DefinitionInvalid as exc:
                definition_errors_to_form(self, exc, lambda path: "form_slug" if path == "/form_slug" else "definition")
        return cleaned


class VersionedAdmin(CouncilScopedAdmin):
    list_display = ["name", "slug", "version", "status_badge", "council", "published_at", "source"]
    list_filter = ["status", "council"]
    search_fields = ["name", "slug"]
    actions = ["publish_selected", "new_draft_from_selected"]
    publish_service = None
    new_draft_service = None

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        colours = {"draft": "#b35c00", "published": "#1b7a47", "retired": "#5b6776"}
        return format_html(
            '<strong style="color:{}">{}</strong>', colours.get(obj.status, "#000"), obj.get_status_display()
        )

    @admin.display(description="Provenance")
    def source(self, obj):
        if not obj.provenance:
            return "–"
        return f"imported from {obj.provenance.get('council', '?')}, v{obj.provenance.get('version', '?')}"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != DefinitionStatus.DRAFT:
            return [f.name for f in self.model._meta.fields if f.name != "id"]
        return ["status", "published_at", "published_by", "provenance"]

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected drafts (new cases use them; running cases keep theirs)")
    def publish_selected(self, request, queryset):
        for row in queryset.filter(status=DefinitionStatus.DRAFT):
            try:
                type(self).publish_service(row, user=request.user)
            except DefinitionInvalid as exc:
                messages.error(request, f"{row} was not published: {exc}")
            else:
                messages.success(request, f"Published {row.name} v{row.version}.")

    @admin.action(description="Start a new draft version from selected")
    def new_draft_from_selected(self, request, queryset):
        for row in queryset:
            draft = type(self).new_draft_service(row, user=request.user)
            messages.success(request, f"Created draft {draft.name} v{draft.version}.")


@admin.register(FormDefinition)
class FormDefinitionAdmin(VersionedAdmin):
    form = FormDefinitionForm
    publish_service = staticmethod(form_definition_publish)
    new_draft_service = staticmethod(form_definition_new_draft)


@admin.register(WorkflowDefinition)
class WorkflowDefinitionAdmin(VersionedAdmin):
    form = WorkflowDefinitionForm
    change_form_template = "admin_ext/workflows/change_form.html"  # links to the designer tools
    change_list_template = "admin_ext/workflows/change_list.html"  # links to the BPMN import
    publish_service = staticmethod(workflow_definition_publish)
    new_draft_service = staticmethod(workflow_definition_new_draft)

    def get_urls(self):
        return workflow_tool_urls(self) + super().get_urls()
