"""Finding a service: the councils, a council's grouped and searchable catalogue, a start page per service."""

from __future__ import annotations

import math

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from casework.models import Service
from casework.services.submission import case_sla_working_days
from councilflow.wording import service_name, worded
from councils.models import Council
from form_definitions.services import form_definition_compiled

from ..language import form_in_language, resident_language
from .common import live_service, resident_page

MAX_QUERY = 100


def council_list(request: HttpRequest) -> HttpResponse:
    return resident_page(request, "portal/councils.html", {"councils": Council.objects.all()})


def service_list(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=council_slug)
    language = resident_language(request, council)
    services = Service.objects.filter(
        council=council, is_live=True, form__isnull=False, workflow__isnull=False
    ).select_related("form")
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    for word in query.split():  # either language's words find a service, whichever the page is in
        services = services.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(category__icontains=word)
            | Q(name_cy__icontains=word)
            | Q(summary_cy__icontains=word)
            | Q(category_cy__icontains=word)
        )
    groups: dict[str, list[Service]] = {}
    for service in services:
        service.title = service_name(service, language)
        service.blurb = worded(service, "summary", language)
        groups.setdefault(worded(service, "category", language), []).append(service)
    in_order = sorted(groups.items(), key=lambda g: (g[0] == "", g[0].lower()))  # uncategorised last
    groups = {
        category or _("Other services"): sorted(group, key=lambda s: s.title.lower()) for category, group in in_order
    }
    count = sum(len(group) for group in groups.values())
    return resident_page(
        request, "portal/services.html", {"council": council, "groups": groups, "query": query, "count": count}
    )


def service_start(request: HttpRequest, council_slug: str, service_slug: str) -> HttpResponse:
    service = live_service(council_slug, service_slug)
    language = resident_language(request, service.council)
    compiled = form_in_language(form_definition_compiled(service.form), language)
    questions = compiled.fields
    context = {
        "service": service,
        "service_name": service_name(service, language),
        "council": service.council,
        "minutes": max(2, math.ceil(len(questions) / 3)),
        "asks_for_files": any(q.widget in ("file", "files") for q in questions),
        "sla_days": case_sla_working_days(service),
    }
    return resident_page(request, "portal/start.html", context)
