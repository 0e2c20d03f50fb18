"""Finding a service: the councils, a council's grouped and searchable catalogue, a start page per service."""
from __future__ import annotations

import math

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from casework.models import Service
from casework.services.submission import case_sla_working_days
from councils.models import Council
from form_definitions.fields import form_fields

from .common import live_service

MAX_QUERY = 100


def council_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/councils.html", {"councils": Council.objects.all()})


def service_list(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=council_slug)
    services = Service.objects.filter(council=council, is_live=True, form__isnull=False, workflow__isnull=False)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    for word in query.split():
        services = services.filter(Q(name__icontains=word) | Q(summary__icontains=word) | Q(category__icontains=word))
    groups: dict[str, list[Service]] = {}
    for service in services.order_by("category", "name"):
        groups.setdefault(service.category or "Other services", []).append(service)
    count = sum(len(group) for group in groups.values())
    return render(request, "portal/services.html", {"council": council, "groups": groups, "query": query, "count": count})


def service_start(request: HttpRequest, council_slug: str, service_slug: str) -> HttpResponse:
    service = live_service(council_slug, service_slug)
    questions = form_fields(service.form.schema, service.form.ui_schema)
    context = {
        "service": service,
        "council": service.council,
        "minutes": max(2, math.ceil(len(questions) / 3)),
        "asks_for_files": any(q.widget == "file" for q in questions),
        "sla_days": case_sla_working_days(service),
    }
    return render(request, "portal/start.html", context)
