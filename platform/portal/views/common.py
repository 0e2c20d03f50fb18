"""Small helpers shared by the resident views."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casework.models import Case, Service

from ..links import LinkInvalid, case_pk_from_tracking_token


def live_service(council_slug: str, service_slug: str) -> Service:
    service = Service.objects.select_related("council", "form", "workflow").filter(council__slug=council_slug, slug=service_slug).first()
    if service is None or not service.accepts_cases:
        raise Http404("No such service")
    return service


def too_many_requests(request: HttpRequest, council=None) -> HttpResponse:
    response = render(request, "portal/rate_limited.html", {"council": council}, status=429)
    response["Retry-After"] = "3600"
    return response


class TrackingLinkBad(Exception):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def case_from_token(token: str) -> Case:
    """The case a signed tracking link names; TrackingLinkBad when altered or expired, 404 when gone."""
    try:
        case_pk, reference = case_pk_from_tracking_token(token)
    except LinkInvalid as exc:
        raise TrackingLinkBad(str(exc)) from exc
    case = (
        Case.objects.select_related("council", "service", "form_version", "customer")
        .filter(pk=case_pk, reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No such case")
    return case


def link_invalid(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "portal/link_invalid.html", {"reason": reason}, status=404)


def error_list(fields, errors: dict[str, str]) -> list:
    """(question, message) pairs for the GOV.UK error summary, in the order the questions appear."""
    return [(f, errors[f.name]) for f in fields if f.name in errors]
