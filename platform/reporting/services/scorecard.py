"""The monthly scorecard: one council, one month, KPIs against targets with red/amber/green and the trend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from councils.models import Council

from ..filters import month_filter, months_ending
from ..kpi_catalogue import KPIS, KpiSpec
from ..models import KpiTarget, LogItem
from ..scope import ReportScope
from ..selectors.kpis import kpis_compute
from .benefits import benefits_register
from .savings import savings_by_month


@dataclass
class ScorecardLine:
    spec: KpiSpec
    value: float | None
    previous: float | None
    target: Decimal | None
    rag: str  # green, amber, red or none
    trend: str  # better, worse, same or none


def rag_rate(*, value: float | None, target: Decimal | None, margin: Decimal, higher_is_better: bool) -> str:
    if value is None or target is None:
        return "none"
    value, target, margin = Decimal(str(value)), Decimal(target), Decimal(margin)
    gap = value - target if higher_is_better else target - value  # ≥ 0 means on target
    if gap >= 0:
        return "green"
    return "amber" if -gap <= margin else "red"


def trend_of(*, value: float | None, previous: float | None, higher_is_better: bool) -> str:
    if value is None or previous is None:
        return "none"
    if value == previous:
        return "same"
    return "better" if (value > previous) == higher_is_better else "worse"


def scorecard_build(*, council: Council, month: dt.date) -> dict[str, Any]:
    """Everything the scorecard page and PDF show for `council` in the calendar month of `month`."""
    scope = ReportScope(council_ids=(council.pk,))
    flt = month_filter(month)
    current = kpis_compute(scope=scope, flt=flt)[None]
    previous = kpis_compute(scope=scope, flt=flt.previous_month())[None]
    targets = {t.kpi: t for t in KpiTarget.objects.filter(council=council)}
    lines = []
    for spec in KPIS:
        target = targets.get(spec.key)
        lines.append(
            ScorecardLine(
                spec=spec,
                value=current.get(spec.key),
                previous=previous.get(spec.key),
                target=target.target if target else None,
                rag=rag_rate(
                    value=current.get(spec.key),
                    target=target.target if target else None,
                    margin=target.amber_margin if target else Decimal(0),
                    higher_is_better=spec.higher_is_better,
                ),
                trend=trend_of(
                    value=current.get(spec.key), previous=previous.get(spec.key), higher_is_better=spec.higher_is_better
                ),
            )
        )
    months = months_ending(flt.start, 6)
    measures = savings_by_month(council_id=council.pk, months=months)
    return {
        "council": council,
        "month": flt.start,
        "lines": lines,
        "savings": measures[flt.start],
        "measures": list(measures.items()),
        "log_items": log_items_open(council=council),
        "benefits": benefits_register(council_id=council.pk, months=months),
        "rag_counts": {c: sum(1 for line in lines if line.rag == c) for c in ("green", "amber", "red")},
    }


PRIORITY_ORDER = {p: i for i, p in enumerate(["critical", "high", "medium", "low"])}


def log_items_open(*, council: Council) -> list[LogItem]:
    """The council's open issues, risks and change requests, most urgent first (raised automatically or by people)."""
    items = list(LogItem.objects.filter(council=council).exclude(status__in=LogItem.DONE).select_related("owner"))
    return sorted(items, key=lambda i: (PRIORITY_ORDER.get(i.priority, 9), i.target_date or dt.date.max, i.pk))


def scorecard_html(*, council: Council, month: dt.date, for_pdf: bool = False) -> str:
    context = scorecard_build(council=council, month=month)
    return render_to_string("reporting/scorecard_document.html", {**context, "for_pdf": for_pdf})


def scorecard_pdf(*, council: Council, month: dt.date) -> bytes:
    """The scorecard as PDF (WeasyPrint renders the same HTML, so the two never disagree)."""
    # A local import on purpose: WeasyPrint needs the native Pango library, which a machine without PDF
    # scorecards may lack (Makefile `pango`); everything else in reporting works without it.
    from weasyprint import HTML

    return HTML(string=scorecard_html(council=council, month=month, for_pdf=True)).write_pdf()
