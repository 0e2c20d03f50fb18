"""Definition pages for both kinds: versions with compare, publish and new draft (POST), and expert JSON."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from councilflow.errors import DefinitionInvalid

from .access import studio_context, studio_view
from .definition_compare import form_compare, workflow_compare
from .definition_editor_schema import definition_editor_schema
from .definition_json import definition_json_save, definition_json_text
from .definition_kinds import DefinitionKind, definition_get, definition_user, definition_versions
from .service_views import reverse_or_none

COMPARERS = {"form": form_compare, "workflow": workflow_compare}


def _definition_context(request: HttpRequest, spec: DefinitionKind, row: Any, **extra: Any) -> dict[str, Any]:
    return studio_context(
        request,
        title=f"{row.name} v{row.version}",
        kind=spec.name,
        row=row,
        builder_url=reverse_or_none(spec.builder_url_name, row.pk),
        **extra,
    )


@studio_view
def definition_versions_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec, row = definition_get(request, kind, pk)
    versions = list(definition_versions(spec, row))
    by_pk = {str(v.pk): v for v in versions}
    a, b = by_pk.get(request.GET.get("a", "")), by_pk.get(request.GET.get("b", ""))
    sections = COMPARERS[spec.name](a, b) if a and b else None
    return TemplateResponse(
        request,
        "studio/definition/versions.html",
        _definition_context(request, spec, row, versions=versions, compare_a=a, compare_b=b, sections=sections),
    )


@require_POST
@studio_view
def definition_publish(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec, row = definition_get(request, kind, pk)
    if not row.is_editable:
        messages.error(request, f"v{row.version} is already {row.get_status_display().lower()}.")
        return redirect("studio:definition_versions", kind, row.pk)
    try:
        spec.publish(row, user=definition_user(request))
    except DefinitionInvalid as exc:
        messages.error(request, f"{row.name} v{row.version} was not published: {exc}")
        return HttpResponseRedirect(_back(request, spec, row))
    messages.success(request, f"Published {row.name} v{row.version}: new cases use it; running cases keep theirs.")
    return HttpResponseRedirect(_back(request, spec, row))


@require_POST
@studio_view
def definition_new_draft(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec, row = definition_get(request, kind, pk)
    draft = spec.new_draft(row, user=definition_user(request))
    messages.success(request, f"Started draft v{draft.version} of {draft.name} from v{row.version}.")
    return HttpResponseRedirect(reverse_or_none(spec.builder_url_name, draft.pk) or _json_url(spec, draft))


@studio_view
def definition_json(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec, row = definition_get(request, kind, pk)
    builder_url = reverse_or_none(spec.builder_url_name, row.pk)
    problems = []
    text = definition_json_text(spec, row)
    if request.method == "POST":
        text = request.POST.get("json", "")
        problems = definition_json_save(spec=spec, row=row, text=text)
        if not problems:
            messages.success(request, f"Saved {row.name} v{row.version}.")
            if request.POST.get("then") == "builder" and builder_url:
                return HttpResponseRedirect(builder_url)
            return HttpResponseRedirect(_json_url(spec, row))
    first = next((p for p in problems if p.line), None)
    return TemplateResponse(
        request,
        "studio/definition/json.html",
        _definition_context(
            request,
            spec,
            row,
            text=text,
            json_problems=problems,
            problems=[p.as_summary() for p in problems],
            error_line=first.line if first else "",
            error_column=first.column if first else "",
            editor_schema=definition_editor_schema(spec.name),
        ),
        status=200,
    )


def _json_url(spec: DefinitionKind, row: Any) -> str:
    return reverse("studio:definition_json", args=[spec.name, row.pk])


def _back(request: HttpRequest, spec: DefinitionKind, row: Any) -> str:
    """Back to the page the button was on when it is a studio page, else the versions list."""
    target = request.POST.get("next", "")
    if target.startswith("/admin/studio/") and "//" not in target and "\\" not in target:
        return target
    return reverse("studio:definition_versions", args=[spec.name, row.pk])
