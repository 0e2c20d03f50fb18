"""Admin page: import a BPMN 2.0 file (bpmn.io, Camunda Modeler) as a draft workflow for one of the designer's councils.

Thin: the form parses the upload, `workflow_definition_bpmn_import` does the work; every problem is listed
with the element id (or JSON path) it is about, and nothing is saved unless there are none.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from councilflow.errors import DefinitionInvalid
from councils.models import Council
from councils.scoping import council_ids_for
from workflows.bpmn_import import BPMN_MAX_BYTES
from workflows.bpmn_services import workflow_definition_bpmn_import
from workflows.models import WorkflowDefinition

PERMISSION = "design_services"


class BpmnImportForm(forms.Form):
    council = forms.ModelChoiceField(queryset=Council.objects.none())
    slug = forms.SlugField(
        max_length=80, help_text="A new workflow slug, or an existing one to import its next version."
    )
    name = forms.CharField(max_length=200, required=False, help_text="Defaults to the process name.")
    form_slug = forms.SlugField(max_length=80, label="Form", help_text="Slug of the form the workflow routes on.")
    file = forms.FileField(label="BPMN file")

    def __init__(self, *args: Any, user: AbstractBaseUser | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["council"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Council.objects.filter(pk__in=council_ids_for(user, PERMISSION)).order_by("name")

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > BPMN_MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {BPMN_MAX_BYTES // 1000} kB.")
        return upload


def bpmn_import_view(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    form = BpmnImportForm(request.POST or None, request.FILES or None, user=request.user)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = workflow_definition_bpmn_import(
                data["file"].read(),
                council=data["council"],
                slug=data["slug"],
                name=data["name"],
                form_slug=data["form_slug"],
                user_id=request.user.pk,
            )
        except DefinitionInvalid as error:
            problems = [str(problem) for problem in error.problems]
        else:
            messages.success(request, f"Imported {draft.name} as a draft (version {draft.version}).")
            return redirect("admin:workflows_workflowdefinition_change", draft.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": WorkflowDefinition._meta,
        "title": "Import a BPMN 2.0 file as a draft workflow",
        "form": form,
        "problems": problems,
    }
    return TemplateResponse(request, "admin_ext/workflows/bpmn_import.html", context, status=400 if problems else 200)
