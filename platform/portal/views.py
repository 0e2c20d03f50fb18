"""Resident pages: service list, start page, form, confirmation and tracking. No login needed."""
from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from casework.exceptions import ServiceNotAccepting, SubmissionInvalid
from casework.models import Case, Channel, Service
from casework.selectors import resident_timeline
from casework.services.submission import case_submit
from councils.models import Council
from form_definitions.coerce import answers_from_post
from form_definitions.fields import answer_display, form_fields, form_pages

from .links import LinkInvalid, case_pk_from_tracking_token, case_tracking_path


def council_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/councils.html", {"councils": Council.objects.all()})


def service_list(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=council_slug)
    services = Service.objects.filter(council=council, is_live=True, form__isnull=False, workflow__isnull=False)
    groups: dict[str, list[Service]] = {}
    for service in services.order_by("category", "name"):
        groups.setdefault(service.category or "Other services", []).append(service)
    return render(request, "portal/services.html", {"council": council, "groups": groups})


def _live_service(council_slug: str, service_slug: str) -> Service:
    service = Service.objects.select_related("council", "form", "workflow").filter(council__slug=council_slug, slug=service_slug).first()
    if service is None or not service.accepts_cases:
        raise Http404("No such service")
    return service


def service_start(request: HttpRequest, council_slug: str, service_slug: str) -> HttpResponse:
    service = _live_service(council_slug, service_slug)
    return render(request, "portal/start.html", {"service": service, "council": service.council})


def service_form(request: HttpRequest, council_slug: str, service_slug: str) -> HttpResponse:
    service = _live_service(council_slug, service_slug)
    form = service.form
    fields = form_fields(form.schema, form.ui_schema)
    answers: dict = {}
    errors: dict[str, str] = {}
    token = request.POST.get("submission_token") or uuid.uuid4().hex
    if request.method == "POST":
        answers = answers_from_post(fields, request.POST)
        try:
            case = case_submit(service=service, answers=answers, channel=Channel.WEB, submission_token=token[:64])
        except SubmissionInvalid as exc:
            errors = exc.errors
        except ServiceNotAccepting as exc:
            raise Http404(str(exc)) from exc
        else:
            return redirect(case_tracking_path(case) + "?submitted=1")
    context = {
        "service": service,
        "council": service.council,
        "pages": form_pages(form.schema, form.ui_schema),
        "answers": answers,
        "errors": errors,
        "error_list": [(f, errors[f.name]) for f in fields if f.name in errors],
        "submission_token": token,
    }
    return render(request, "portal/form.html", context, status=400 if errors else 200)


def case_track(request: HttpRequest, token: str) -> HttpResponse:
    try:
        case_pk, reference = case_pk_from_tracking_token(token)
    except LinkInvalid as exc:
        return render(request, "portal/link_invalid.html", {"reason": str(exc)}, status=404)
    case = Case.objects.select_related("council", "service", "form_version").filter(pk=case_pk, reference=reference).first()
    if case is None:
        raise Http404("No such case")
    fields = form_fields(case.form_version.schema, case.form_version.ui_schema)
    answers = [(f.label, answer_display(f, case.answers[f.name])) for f in fields if f.name in case.answers]
    context = {
        "case": case,
        "council": case.council,
        "answers": answers,
        "timeline": resident_timeline(case),
        "just_submitted": request.GET.get("submitted") == "1",
        "tracking_path": request.path,
    }
    return render(request, "portal/track.html", context)
