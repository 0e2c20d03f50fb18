"""Service pages: start a service (one page, no slugs typed), and its own page with its form and workflow."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from casework.models import Service
from casework.services.submission import case_sla_working_days
from councils.scoping import council_ids_for

from .access import STUDIO_PERMISSION, studio_context, studio_view
from .service_forms import NEW, ServiceStartForm
from .service_start import (
    ServiceNotReady,
    service_live_problem,
    service_live_set,
    service_start_existing,
    service_start_new,
    workflow_sla_days,
)


def studio_services(request: HttpRequest) -> QuerySet[Service]:
    return Service.objects.filter(council_id__in=council_ids_for(request.user, STUDIO_PERMISSION))


def studio_service_get(request: HttpRequest, pk: int) -> Service:
    service = studio_services(request).select_related("council", "form", "workflow").filter(pk=pk).first()
    if service is None:
        raise Http404("No such service")
    return service


def reverse_or_none(name: str, *args: object) -> str | None:
    """Another studio area's page, when that area is installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def form_problems(form: forms.Form) -> list[dict[str, str]]:
    """The error summary's entries, each linked to its field."""
    return [
        {"message": str(message), "anchor": f"id_{name}" if name != "__all__" else ""}
        for name, errors in form.errors.items()
        for message in errors
    ]


@studio_view
def service_start(request: HttpRequest) -> HttpResponse:
    form = ServiceStartForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "council": data["council"],
            "name": data["name"],
            "category": data["category"],
            "summary": data["summary"],
            "sla_working_days": data["sla_working_days"],
        }
        if data["start_with"] == NEW:
            service = service_start_new(**common, team=data["team"], user=request.user)
            messages.success(request, f"Started “{service.name}” with a draft form and workflow. Build the form next.")
            return HttpResponseRedirect(
                reverse_or_none("studio:form_edit", service.form_id)
                or reverse("studio:service_detail", args=[service.pk])
            )
        service = service_start_existing(**common, form=data["form"], workflow=data["workflow"])
        messages.success(request, f"Started “{service.name}”.")
        return redirect("studio:service_detail", service.pk)
    return TemplateResponse(
        request,
        "studio/service/start.html",
        studio_context(request, title="Start a service", form=form, problems=form_problems(form)),
    )


@studio_view
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = studio_service_get(request, pk)
    workflow_days = workflow_sla_days(service.workflow)
    return TemplateResponse(
        request,
        "studio/service/detail.html",
        studio_context(
            request,
            title=service.name,
            service=service,
            sla_days=case_sla_working_days(service),
            sla_from_workflow=workflow_days is not None,
            live_problem=service_live_problem(service),
            form_edit_url=reverse_or_none("studio:form_edit", service.form_id) if service.form_id else None,
            workflow_edit_url=reverse_or_none("studio:workflow_edit", service.workflow_id)
            if service.workflow_id
            else None,
        ),
    )


@require_POST
@studio_view
def service_live(request: HttpRequest, pk: int) -> HttpResponse:
    service = studio_service_get(request, pk)
    live = request.POST.get("live") == "1"
    try:
        service_live_set(service=service, live=live)
    except ServiceNotReady as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{service.name}” is {'now taking cases' if live else 'offline'}.")
    return redirect("studio:service_detail", service.pk)
