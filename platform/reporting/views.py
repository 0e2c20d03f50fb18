"""Reporting pages in the officer workspace. Thin: scope the user, parse the filter, call a selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from casework.models import Channel, Service
from councils.models import Council, Team

from .charts import lines
from .csv_export import csv_response
from .filters import GROUPS, months_ending, report_filter_from_query
from .scope import ReportScope, report_scope_for
from .selectors.dashboard import breakdown_rows, dashboard_build
from .selectors.outcomes import outcomes_by_stage
from .services.benefits import benefits_register
from .services.savings import savings_by_month
from .services.scorecard import scorecard_build, scorecard_pdf


def _scope(request: HttpRequest) -> ReportScope:
    scope = report_scope_for(request.user)
    if scope.is_empty:
        raise Http404("No reports for you")
    return scope


def _group(request: HttpRequest, scope: ReportScope) -> str:
    group = request.GET.get("group") or ("council" if scope.compares_councils else "service")
    return group if group in GROUPS else "service"


def whole_council_get(request: HttpRequest, slug: str) -> Council:
    """A council whose full reports the user may see (managers, administrators, partnership view); else 404."""
    scope = _scope(request)
    council = get_object_or_404(Council, slug=slug, pk__in=scope.council_ids)
    if council.pk in scope.team_limited_council_ids:
        raise Http404("Council-wide reports need the manager role")
    return council


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    flt = report_filter_from_query(request.GET)
    if flt.council_id and flt.council_id not in scope.council_ids:
        raise Http404("Not your council")
    group = _group(request, scope)
    context = dashboard_build(scope=scope, flt=flt, group=group)
    whole = [c for c in scope.council_ids if c not in scope.team_limited_council_ids]
    context.update(
        flt=flt,
        query=flt.as_query(),
        groups=GROUPS,
        scope=scope,
        councils=Council.objects.filter(pk__in=scope.council_ids),
        scorecard_councils=Council.objects.filter(pk__in=whole),
        services=Service.objects.filter(council_id__in=scope.council_ids).select_related("council"),
        teams=Team.objects.filter(Q(council_id__in=whole) | Q(pk__in=scope.team_ids or ())).select_related("council"),
        channels=Channel.choices,
        last_month=(dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
    )
    return render(request, "reporting/dashboard.html", context)


@login_required
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    flt = report_filter_from_query(request.GET)
    if flt.council_id and flt.council_id not in scope.council_ids:
        raise Http404("Not your council")
    group = _group(request, scope)
    columns, rows = breakdown_rows(scope=scope, flt=flt, group=group)
    header = [group.capitalize(), *[label for _, label in columns]]
    return csv_response(
        filename=f"councilflow-kpis-by-{group}-{flt.start}-{flt.end}.csv",
        header=header,
        rows=([r["label"], *[r.get(key) for key, _ in columns]] for r in rows),
    )


@login_required
def outcomes(request: HttpRequest) -> HttpResponse:
    """How tasks ended per service and stage, in the period and scope of the dashboard's filter."""
    scope = _scope(request)
    flt = report_filter_from_query(request.GET)
    if flt.council_id and flt.council_id not in scope.council_ids:
        raise Http404("Not your council")
    return render(
        request,
        "reporting/outcomes.html",
        {
            "flt": flt,
            "stages": outcomes_by_stage(scope=scope, flt=flt),
            "councils": Council.objects.filter(pk__in=scope.council_ids),
            "services": Service.objects.filter(council_id__in=scope.council_ids).select_related("council"),
            "compares": scope.compares_councils,
        },
    )


def _month(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{raw}-01")
    except ValueError as exc:
        raise Http404("Month must look like 2026-10") from exc


@login_required
def scorecard(request: HttpRequest, slug: str, month: str) -> HttpResponse:
    council = whole_council_get(request, slug)
    context = scorecard_build(council=council, month=_month(month))
    return render(request, "reporting/scorecard.html", {**context, "month_param": month})


@login_required
def scorecard_download(request: HttpRequest, slug: str, month: str) -> HttpResponse:
    council = whole_council_get(request, slug)
    response = HttpResponse(scorecard_pdf(council=council, month=_month(month)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="scorecard-{council.slug}-{month}.pdf"'
    return response


@login_required
def benefits(request: HttpRequest, slug: str) -> HttpResponse:
    council = whole_council_get(request, slug)
    today = dt.date.today()
    months = months_ending(today, 12)
    register = benefits_register(council_id=council.pk, months=months)
    charts = [
        lines(
            title=f"{b.measure}: realised against expected",
            categories=[m.strftime("%b %y") for m in months],
            series={
                "Expected": [float(p.expected) for p in points],
                "Realised": [None if p.realised is None else float(p.realised) for p in points],
            },
        )
        for b, points in register
    ]
    measures = savings_by_month(council_id=council.pk, months=months[-6:])
    return render(
        request,
        "reporting/benefits.html",
        {
            "council": council,
            "register": list(zip(register, charts)),
            "months": months,
            "measures": list(measures.items()),
            "this_month": measures[months[-1]],
        },
    )
