"""Studio page: a BPMN 2.0 file drawn in bpmn.io or Camunda Modeler becomes a draft workflow in the step builder.

Thin: the form picks the council and the form by name (no slugs typed), `workflow_definition_bpmn_import` reads
the file (size, entity and depth limits) and runs the normal save checks; every problem is one line of the
error summary with the element id or JSON path it is about, and nothing is saved unless there are none.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from councilflow.errors import DefinitionInvalid
from workflows.bpmn_import import BPMN_MAX_BYTES
from workflows.bpmn_services import workflow_definition_bpmn_import

from .access import studio_context, studio_councils, studio_forms, studio_view
from .service_forms import _DefinitionChoice, _latest_per_slug
from .service_views import form_problems


class WorkflowImportForm(forms.Form):
    council: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, empty_label=None)
    form = _DefinitionChoice(
        queryset=None,
        label="Form the workflow routes on",
        help_text="Its questions are what the file's conditions may read.",
        empty_label="Choose a form",
    )
    name = forms.CharField(
        max_length=200, required=False, label="Workflow name", help_text="Leave empty to use the process name."
    )
    file = forms.FileField(
        label="BPMN file",
        help_text=f"A .bpmn file saved by bpmn.io or Camunda Modeler, up to {BPMN_MAX_BYTES // 1000} kB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".bpmn,.xml"}),
    )
    CONDITIONAL = ()

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any):
        super().__init__(*args, **kwargs)
        councils = studio_councils(request)
        council_field = self.fields["council"]
        form_field = self.fields["form"]
        assert isinstance(council_field, forms.ModelChoiceField) and isinstance(form_field, _DefinitionChoice)
        council_field.queryset = councils
        form_field.queryset = _latest_per_slug(studio_forms(request)).select_related("council").order_by("name")
        form_field.show_council = councils.count() > 1

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > BPMN_MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {BPMN_MAX_BYTES // 1000} kB")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        council, form = cleaned.get("council"), cleaned.get("form")
        if council is not None and form is not None and form.council_id != council.pk:
            self.add_error("form", f"“{form.name}” belongs to {form.council.name}; pick one of {council.name}'s")
        return cleaned


@studio_view
def workflow_bpmn_import(request: HttpRequest) -> HttpResponse:
    form = WorkflowImportForm(request.POST or None, request.FILES or None, request=request)
    problems = form_problems(form) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = data["file"].read()
        try:
            draft = workflow_definition_bpmn_import(
                content,
                council=data["council"],
                slug=None,  # a new workflow, its slug made from the name
                name=data["name"],
                form_slug=data["form"].slug,
                user_id=request.user.pk,
            )
        except DefinitionInvalid as error:
            problems = [{"message": str(problem), "anchor": "id_file"} for problem in error.problems]
        else:
            messages.success(request, f"Imported “{draft.name}” as a draft. Check its steps, then publish it.")
            return redirect("studio:workflow_edit", draft.pk)
    return TemplateResponse(
        request,
        "studio/workflow/import_bpmn.html",
        studio_context(request, title="Import a BPMN file", form=form, problems=problems),
        status=400 if problems else 200,
    )
