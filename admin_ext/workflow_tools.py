"""Designer tools on a workflow definition in the admin: diagram, BPMN export, dry run, moving running cases.

Every view finds the definition (and any case) through the council scoping layer, so another council's
designer gets a 404. Views are thin: parse, call one workflows function, render.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from casework.models import Case
from councilflow.errors import DefinitionInvalid
from councilflow.json_limits import JSONRefused, json_parse
from councilflow.versioning import DefinitionStatus
from councils.scoping import council_ids_for, scope_to_councils
from workflows.check import workflow_definition_check
from workflows.diagram import case_current_steps, workflow_bpmn, workflow_svg
from workflows.dry_run import workflow_dry_run
from workflows.migrate import workflow_cases_migrate, workflow_migration_preview
from workflows.models import WorkflowDefinition

from .workflow_bpmn_import import bpmn_import_view

PERMISSION = "design_services"


def workflow_tool_urls(model_admin) -> list:
    """URL patterns hung under the WorkflowDefinition admin (`<pk>/diagram/` and friends)."""
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<int:pk>/diagram/",
            wrap(lambda r, pk: diagram_view(r, pk, model_admin)),
            name="workflows_workflowdefinition_diagram",
        ),
        path("<int:pk>/bpmn/", wrap(bpmn_view), name="workflows_workflowdefinition_bpmn"),
        path(
            "import-bpmn/",
            wrap(lambda r: bpmn_import_view(r, model_admin)),
            name="workflows_workflowdefinition_bpmn_import",
        ),
        path(
            "<int:pk>/dry-run/",
            wrap(lambda r, pk: dry_run_view(r, pk, model_admin)),
            name="workflows_workflowdefinition_dry_run",
        ),
        path(
            "<int:pk>/migrate/",
            wrap(lambda r, pk: migrate_view(r, pk, model_admin)),
            name="workflows_workflowdefinition_migrate",
        ),
    ]


def _workflow(request: HttpRequest, pk: int) -> WorkflowDefinition:
    workflow = WorkflowDefinition.objects.filter(
        pk=pk, council_id__in=council_ids_for(request.user, PERMISSION)
    ).first()
    if workflow is None:
        raise Http404("No such workflow")
    return workflow


def _context(request, model_admin, workflow, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": WorkflowDefinition._meta,
        "workflow": workflow,
        "title": title,
        **extra,
    }


def diagram_view(request: HttpRequest, pk: int, model_admin) -> HttpResponse:
    workflow = _workflow(request, pk)
    case = None
    if request.GET.get("case"):
        case = scope_to_councils(
            Case.objects.filter(reference=request.GET["case"], council_id=workflow.council_id),
            request.user,
            perm=PERMISSION,
        ).first()
        if case is None:
            raise Http404("No such case")
    svg = workflow_svg(workflow, case=case)
    current = case_current_steps(case) if case is not None else []
    return TemplateResponse(
        request,
        "admin_ext/workflows/diagram.html",
        _context(
            request,
            model_admin,
            workflow,
            f"Diagram: {workflow.name} v{workflow.version}",
            svg=mark_safe(svg),
            case=case,
            current=current,
        ),
    )


def bpmn_view(request: HttpRequest, pk: int) -> HttpResponse:
    workflow = _workflow(request, pk)
    response = HttpResponse(workflow_bpmn(workflow), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{workflow.slug}-v{workflow.version}.bpmn"'
    return response


def dry_run_view(request: HttpRequest, pk: int, model_admin) -> HttpResponse:
    workflow = _workflow(request, pk)
    errors: list[str] = []
    path_taken: list[dict] | None = None
    answers_text = request.POST.get("answers", "{}")
    outcomes_text = request.POST.get("outcomes", "{}")
    start_text = request.POST.get("start", timezone.localdate().isoformat())
    if request.method == "POST":
        answers, outcomes = (
            _json_object(answers_text, "Sample answers", errors),
            _json_object(outcomes_text, "Outcomes", errors),
        )
        try:
            start = timezone.make_aware(datetime.combine(datetime.fromisoformat(start_text).date(), time(9, 0)))
        except ValueError:
            errors.append("Start date must be a date like 2026-11-23")
        if not errors:
            try:
                workflow_definition_check(workflow.definition)
            except DefinitionInvalid as exc:
                errors.append(f"Fix the definition first: {exc}")
            else:
                path_taken = [
                    {
                        **row,
                        "at": datetime.fromisoformat(row["at"]),
                        "due": datetime.fromisoformat(row["due"]) if row["due"] else None,
                    }
                    for row in workflow_dry_run(
                        workflow.definition,
                        answers=answers,
                        outcomes=outcomes,
                        start=start,
                        region=workflow.council.holiday_region,
                    )
                ]
    return TemplateResponse(
        request,
        "admin_ext/workflows/dry_run.html",
        _context(
            request,
            model_admin,
            workflow,
            f"Dry run: {workflow.name} v{workflow.version}",
            errors=errors,
            path=path_taken,
            answers=answers_text,
            outcomes=outcomes_text,
            start=start_text,
        ),
    )


def _json_object(text: str, label: str, errors: list[str]) -> dict:
    try:
        value = json_parse(text or "{}", what=label)
    except JSONRefused as exc:
        errors.append(str(exc))
        return {}
    if not isinstance(value, dict):
        errors.append(f"{label}: must be a JSON object")
        return {}
    return value


def migrate_view(request: HttpRequest, pk: int, model_admin) -> HttpResponse:
    """Preview (GET) and apply (POST, per older version) moving running cases onto this published version."""
    target = _workflow(request, pk)
    if target.status != DefinitionStatus.PUBLISHED:
        messages.error(request, "Running cases can only move to the published version.")
        return redirect("admin:workflows_workflowdefinition_change", pk)
    sources = (
        WorkflowDefinition.objects.filter(council_id=target.council_id, slug=target.slug)
        .exclude(pk=target.pk)
        .order_by("-version")
    )
    if request.method == "POST":
        source = sources.filter(pk=request.POST.get("source")).first()
        if source is None:
            raise Http404("No such version")
        moved = workflow_cases_migrate(source, target, actor=request.user)
        messages.success(request, f"Moved {moved} case(s) from version {source.version} to version {target.version}.")
        return redirect("admin:workflows_workflowdefinition_migrate", pk)
    previews = [
        (source, workflow_migration_preview(source, target))
        for source in sources
        if source.status != DefinitionStatus.DRAFT
    ]
    previews = [(source, rows, sum(r.movable for r in rows)) for source, rows in previews if rows]
    return TemplateResponse(
        request,
        "admin_ext/workflows/migrate.html",
        _context(
            request, model_admin, target, f"Move running cases to {target.name} v{target.version}", previews=previews
        ),
    )
