"""Savings computed from live data and the council's configured unit costs.

- Channel shift: what this period's contacts would have cost at the baseline channel mix, minus what they cost
  at the actual mix: Σ_c (baseline share_c × total − actual_c) × unit cost_c.
- Avoided double entry: connector deliveries sent (each replaced an officer re-keying the case into a back
  office) × configured minutes ÷ 60 × officer hourly cost.
- Failure demand: reopened cases and residents chasing (adding information to an open case), against contacts.
- Cost per contact: the actual mix priced at each channel's unit cost, against the baseline mix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from casework.models import Case, CaseEvent, EventKind
from connectors.models import Delivery

from ..filters import month_filter
from ..models import DailyCaseFigures, SavingsAssumptions, UnitCost

PENNY = Decimal("0.01")


@dataclass
class Savings:
    contacts: dict[str, int] = field(default_factory=dict)
    baseline_cost: Decimal = Decimal("0")
    actual_cost: Decimal = Decimal("0")
    deliveries_sent: int = 0
    hours_saved_rekey: Decimal = Decimal("0")
    saving_rekey: Decimal = Decimal("0")
    reopens: int = 0
    chasers: int = 0
    baseline_share: dict[str, Decimal] = field(default_factory=dict)
    unit_costs: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total_contacts(self) -> int:
        return sum(self.contacts.values())

    @property
    def failure_demand(self) -> int:
        return self.reopens + self.chasers

    @property
    def failure_demand_pct(self) -> Decimal | None:
        total = self.total_contacts
        return (Decimal(self.failure_demand) * 100 / total).quantize(PENNY) if total else None

    @property
    def cost_per_contact(self) -> Decimal | None:
        total = self.total_contacts
        return (self.actual_cost / total).quantize(PENNY, ROUND_HALF_UP) if total and self.unit_costs else None

    @property
    def baseline_cost_per_contact(self) -> Decimal | None:
        total = self.total_contacts
        return (self.baseline_cost / total).quantize(PENNY, ROUND_HALF_UP) if total and self.baseline_share else None

    def channels(self) -> list[dict]:
        """Per channel: contacts, share now and at the baseline, unit cost (the benefits page's table)."""
        total = self.total_contacts
        names = sorted(set(self.contacts) | set(self.unit_costs))
        return [
            {
                "channel": name,
                "contacts": self.contacts.get(name, 0),
                "share_pct": (Decimal(self.contacts.get(name, 0)) * 100 / total).quantize(PENNY) if total else None,
                "baseline_share_pct": self.baseline_share.get(name),
                "unit_cost": self.unit_costs.get(name),
            }
            for name in names
        ]

    @property
    def saving_channel_shift(self) -> Decimal:
        return (self.baseline_cost - self.actual_cost).quantize(PENNY, ROUND_HALF_UP)

    @property
    def saving_total(self) -> Decimal:
        return self.saving_channel_shift + self.saving_rekey


def savings_by_month(*, council_id: int, months: list[dt.date]) -> dict[dt.date, Savings]:
    """{month: Savings} for the council over the given calendar months, in six queries."""
    if not months:
        return {}
    first, last = month_filter(months[0]), month_filter(months[-1])
    start, end = first.start_at, last.end_at
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
    reopens = (
        DailyCaseFigures.objects.filter(council_id=council_id, day__gte=first.start, day__lt=last.end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(n=Sum("reopenings"))
        .order_by()
    )
    chasers = (
        CaseEvent.objects.filter(
            case__council_id=council_id, kind=EventKind.RESIDENT_ADDED_INFO, at__gte=start, at__lt=end
        )
        .annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = {m: Savings() for m in months}
    for row in reopens:
        out[_month(row["month"])].reopens = row["n"] or 0
    for row in chasers:
        out[_month(row["month"])].chasers = row["n"]
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
    savings.unit_costs = {c: u.cost_per_contact for c, u in costs.items()}
    if share_sum:
        savings.baseline_share = {c: (u.baseline_share_pct * 100 / share_sum).quantize(PENNY) for c, u in costs.items()}
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
