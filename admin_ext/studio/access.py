"""Who may use the studio and what they see: the admin's login plus the council's `design_services` grant.

Every studio query starts from these helpers, so a designer sees and picks only their own council's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from councils.models import Council
from councils.scoping import council_ids_for
from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition

STUDIO_PERMISSION = "design_services"


def studio_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Admin login (staff, CSRF, never-cache) and at least one council the user designs for, else 404."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not council_ids_for(request.user, STUDIO_PERMISSION):
            raise Http404("Not a service designer")
        return view(request, *args, **kwargs)

    admin_guarded = admin.site.admin_view(guarded)

    @wraps(view)
    def signed_in_first(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A signed-in officer who is not staff would be sent to the admin login; like any URL naming a
        # thing they may not see, the studio is a 404 for them (the isolation matrix checks this).
        if request.user.is_authenticated and not council_ids_for(request.user, STUDIO_PERMISSION):
            raise Http404("Not a service designer")
        return admin_guarded(request, *args, **kwargs)

    return signed_in_first


def studio_councils(request: HttpRequest) -> QuerySet[Council]:
    return Council.objects.filter(pk__in=council_ids_for(request.user, STUDIO_PERMISSION)).order_by("name")


def studio_forms(request: HttpRequest) -> QuerySet[FormDefinition]:
    return FormDefinition.objects.filter(council_id__in=council_ids_for(request.user, STUDIO_PERMISSION))


def studio_workflows(request: HttpRequest) -> QuerySet[WorkflowDefinition]:
    return WorkflowDefinition.objects.filter(council_id__in=council_ids_for(request.user, STUDIO_PERMISSION))


def studio_form_get(request: HttpRequest, pk: int) -> FormDefinition:
    form = studio_forms(request).filter(pk=pk).first()
    if form is None:
        raise Http404("No such form")
    return form


def studio_workflow_get(request: HttpRequest, pk: int) -> WorkflowDefinition:
    workflow = studio_workflows(request).filter(pk=pk).first()
    if workflow is None:
        raise Http404("No such workflow")
    return workflow


def studio_context(request: HttpRequest, *, title: str, **extra: Any) -> dict[str, Any]:
    """The admin's own context (header, user links) plus the page's values."""
    return {**admin.site.each_context(request), "title": title, **extra}
