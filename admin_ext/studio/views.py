"""The studio's front page: the council's services, forms and workflows, each with its builder link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .access import studio_context, studio_councils, studio_forms, studio_view, studio_workflows


@studio_view
def studio_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "studio/index.html",
        studio_context(
            request,
            title="Service studio",
            councils=studio_councils(request),
            forms=studio_forms(request).select_related("council").order_by("council__name", "name", "-version"),
            workflows=studio_workflows(request).select_related("council").order_by("council__name", "name", "-version"),
        ),
    )
