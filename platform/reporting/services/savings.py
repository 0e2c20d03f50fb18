"""Savings computed from live data and the council's configured unit costs.

- Channel shift: what this period's contacts would have cost at the baseline channel mix, minus what they cost
  at the actual mix: Σ_c (baseline share_c × total − actual_c) × unit cost_c.
- Avoided double entry: connector deliveries sent (each replaced an officer re-keying the case into a back
  office) × configured minutes ÷ 60 × officer hourly cost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth

from casework.models import Case
from connectors.models import Delivery

from ..filters import month_filter
from ..models import SavingsAssumptions, UnitCost

PENNY = Decimal("0.01")


@dataclass
class Savings:
    contacts: dict[str, int] = field(default_factory=dict)
    baseline_cost: Decimal = Decimal("0")
    actual_cost: Decimal = Decimal("0")
    deliveries_sent: int = 0
    hours_saved_rekey: Decimal = Decimal("0")
    saving_rekey: Decimal = Decimal("0")

    @property
    def saving_channel_shift(self) -> Decimal:
        return (self.baseline_cost - self.actual_cost).quantize(PENNY, ROUND_HALF_UP)

    @property
    def saving_total(self) -> Decimal:
        return self.saving_channel_shift + self.saving_rekey


def savings_by_month(*, council_id: int, months: list[dt.date]) -> dict[dt.date, Savings]:
    """{month: Savings} for the council over the given calendar months, in four queries."""
    if not months:
        return {}
    start, end = month_filter(months[0]).start_at, month_filter(months[-1]).end_at
    costs = {u.channel: u for u in UnitCost.objects.filter(council_id=council_id)}
    assumptions = SavingsAssumptions.objects.filter(council_id=council_id).first()
    contacts = (
        Case.objects.filter(council_id=council_id, submitted_at__gte=start, submitted_at__lt=end)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sent = (
        Delivery.objects.filter(
            council_id=council_id,
            kind=Delivery.Kind.CONNECTOR,
            status=Delivery.Status.SENT,
            sent_at__gte=start,
            sent_at__lt=end,
        )
        .annotate(month=TruncMonth("sent_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = {m: Savings() for m in months}
    for row in contacts:
        out[_month(row["month"])].contacts[row["channel"]] = row["n"]
    for row in sent:
        out[_month(row["month"])].deliveries_sent = row["n"]
    for savings in out.values():  # one pass per month: arithmetic on a handful of totals
        _price(savings, costs, assumptions)
    return out


def _price(savings: Savings, costs: dict[str, UnitCost], assumptions: SavingsAssumptions | None) -> None:
    total = sum(savings.contacts.values())
    share_sum = sum((u.baseline_share_pct for u in costs.values()), Decimal("0"))
    if costs and share_sum:
        savings.baseline_cost = sum(
            (Decimal(total) * u.baseline_share_pct / share_sum * u.cost_per_contact for u in costs.values()),
            Decimal("0"),
        )
        savings.actual_cost = sum(
            (Decimal(n) * costs[c].cost_per_contact for c, n in savings.contacts.items() if c in costs), Decimal("0")
        )
    if assumptions:
        hours = Decimal(savings.deliveries_sent) * assumptions.rekey_minutes / Decimal(60)
        savings.hours_saved_rekey = hours.quantize(PENNY, ROUND_HALF_UP)
        savings.saving_rekey = (hours * assumptions.officer_hourly_cost).quantize(PENNY, ROUND_HALF_UP)


def _month(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
