"""Realised against expected, month by month, for each benefit in a council's register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..filters import month_filter
from ..kpi_catalogue import SAVINGS_SOURCE_KEYS
from ..models import Benefit, BenefitFigure
from ..scope import ReportScope
from ..selectors.kpis import kpis_compute
from .savings import savings_by_month


@dataclass
class BenefitPoint:
    month: dt.date
    expected: Decimal
    realised: Decimal | None
    evidence: str = ""


def benefit_expected(benefit: Benefit, on: dt.date) -> Decimal:
    """The straight-line trajectory from baseline to target, flat before the baseline and after the target."""
    if on <= benefit.baseline_date:
        return benefit.baseline_value
    if on >= benefit.target_date or benefit.target_date <= benefit.baseline_date:
        return benefit.target_value
    done = Decimal((on - benefit.baseline_date).days) / Decimal((benefit.target_date - benefit.baseline_date).days)
    return (benefit.baseline_value + (benefit.target_value - benefit.baseline_value) * done).quantize(Decimal("0.01"))


def benefits_register(*, council_id: int, months: list[dt.date]) -> list[tuple[Benefit, list[BenefitPoint]]]:
    """Every active benefit of the council with its monthly points. Queries depend on months, not on data size."""
    benefits = list(Benefit.objects.filter(council_id=council_id, is_active=True).select_related("owner"))
    savings = savings_by_month(council_id=council_id, months=months) if benefits else {}
    kpi_sources = {b.source for b in benefits} - {"manual", *SAVINGS_SOURCE_KEYS}
    kpis = {}
    if kpi_sources:
        scope = ReportScope(council_ids=(council_id,))
        kpis = {m: kpis_compute(scope=scope, flt=month_filter(m))[None] for m in months}
    figures = (
        {
            (f.benefit_id, f.month.replace(day=1)): f
            for f in BenefitFigure.objects.filter(benefit__in=benefits, month__gte=months[0] if months else dt.date.min)
        }
        if benefits
        else {}
    )
    register = []
    for benefit in benefits:
        points = []
        for month in months:
            last_day = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            realised, evidence = _realised(benefit, month, savings, kpis, figures)
            points.append(
                BenefitPoint(
                    month=month, expected=benefit_expected(benefit, last_day), realised=realised, evidence=evidence
                )
            )
        register.append((benefit, points))
    return register


def _realised(benefit, month, savings, kpis, figures) -> tuple[Decimal | None, str]:
    if benefit.source == "manual":
        figure = figures.get((benefit.pk, month))
        return (figure.value, figure.evidence) if figure else (None, "")
    if benefit.source in SAVINGS_SOURCE_KEYS:
        value = getattr(savings[month], benefit.source)
        return (None if value is None else Decimal(value)), "Computed from live data and configured unit costs"
    value = kpis[month].get(benefit.source)
    return (None if value is None else Decimal(str(value))), "Computed from live KPIs"
