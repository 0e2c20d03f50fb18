"""Save and come back later, and the emailed link that brings the answers back."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from councilflow.wording import service_name
from form_definitions.map_point import map_area_of
from form_definitions.services import form_definition_compiled

from .. import drafts
from ..language import resident_language
from ..links import LinkInvalid
from ..ratelimit import client_ip, rate_limited
from ..saved import KEEP_DAYS, saved_form_create, saved_form_restore
from .apply import resident_email
from .common import link_invalid, live_service, resident_page, too_many_requests


def form_save(request: HttpRequest, council_slug: str, service_slug: str) -> HttpResponse:
    service = live_service(council_slug, service_slug)
    if not drafts.draft_exists(request, service):
        return redirect("portal:form", council_slug, service_slug)
    draft = drafts.draft_get(request, service)
    language = resident_language(request, service.council)
    name = service_name(service, language)
    email, error = resident_email(service, draft.answers), ""
    if request.method == "POST":
        email = request.POST.get("email", "").strip()[:254]
        try:
            validate_email(email)
        except ValidationError:
            error = _("Enter an email address in the correct format, like name@example.com")
        if not error:
            if rate_limited("link", ip=client_ip(request), email=email):
                return too_many_requests(request, service.council)
            saved_form_create(service, draft, email=email)
            context = {
                "service": service,
                "service_name": name,
                "council": service.council,
                "email": email,
                "days": KEEP_DAYS,
            }
            return resident_page(request, "portal/saved.html", context)
    context = {
        "service": service,
        "service_name": name,
        "council": service.council,
        "email": email,
        "error": error,
        "days": KEEP_DAYS,
    }
    return resident_page(request, "portal/save.html", context, status=400 if error else 200)


def form_resume(request: HttpRequest, council_slug: str, service_slug: str, token: str) -> HttpResponse:
    service = live_service(council_slug, service_slug)
    try:
        draft = saved_form_restore(service, token)
    except LinkInvalid as exc:
        return link_invalid(request, str(exc), service.council)
    drafts.draft_save(request, service, draft)
    unfinished = drafts.page_first_invalid(
        form_definition_compiled(service.form),
        draft.answers,
        region=service.council.holiday_region,
        area=map_area_of(service.council),
    )
    if unfinished is None:
        return redirect("portal:check", council_slug, service_slug)
    return redirect(reverse("portal:form_page", args=[council_slug, service_slug, unfinished.id]))
