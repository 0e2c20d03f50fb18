"""All your cases: an email address gets a magic link (signed, expiring) listing its cases at the council."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from councils.models import Council

from ..language import resident_language
from ..links import LinkInvalid, case_tracking_path, resident_cases_from_token
from ..ratelimit import client_ip, rate_limited
from ..services import resident_cases, resident_cases_link_queue
from .common import link_invalid, resident_page, too_many_requests


def your_cases_request(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=council_slug)
    resident_language(request, council)
    email, error = "", ""
    if request.method == "POST":
        email = request.POST.get("email", "").strip()[:254]
        try:
            validate_email(email)
        except ValidationError:
            error = _("Enter an email address in the correct format, like name@example.com")
        if not error:
            if rate_limited("link", ip=client_ip(request), email=email):
                return too_many_requests(request, council)
            resident_cases_link_queue(council, email)
            return resident_page(request, "portal/your_cases_sent.html", {"council": council, "email": email})
    context = {"council": council, "email": email, "error": error}
    return resident_page(request, "portal/your_cases_request.html", context, status=400 if error else 200)


def your_cases_list(request: HttpRequest, council_slug: str, token: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=council_slug)
    try:
        council_pk, email = resident_cases_from_token(token)
    except LinkInvalid as exc:
        return link_invalid(request, str(exc), council)
    if council.pk != council_pk:
        raise Http404("No such link")
    cases = [(case, case_tracking_path(case)) for case in resident_cases(council, email)]
    return resident_page(request, "portal/your_cases.html", {"council": council, "cases": cases, "email": email})
