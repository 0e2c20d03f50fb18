"""Six months of realistic history for the demo (`load_demo --history`, which `make run` uses).

Cases across the services, channels, teams and officers (demodata.seeding), each council's KPI targets, unit
costs per channel, savings assumptions and a benefits register, a few log items people raised, and then the
issues log's own look at the data (reporting.services.log_auto), so every report has real figures on first run.
Loaded once: a council that already has savings assumptions is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from connectors.models import Connector, Delivery
from councils.models import Council
from reporting.models import Benefit, BenefitFigure, KpiTarget, LogItem, SavingsAssumptions, UnitCost
from reporting.services.log import log_item_create
from reporting.services.log_auto import log_causes_check

from .seeding import History, seed_cases

HISTORY_DAYS = 183
TARGETS = {
    "sla_met_pct": ("85", "5"),
    "first_response_median_hours": ("24", "8"),
    "resolution_median_days": ("5", "2"),
    "reopen_rate_pct": ("5", "2"),
    "satisfaction_avg": ("4", "0.3"),
    "web_share_pct": ("60", "10"),
    "backlog": ("150", "50"),
}
# £ per contact and the share of contacts on each channel before the digital services (Socitm-style figures).
UNIT_COSTS = {"web": ("0.15", "20"), "phone": ("5.50", "55"), "email": ("3.20", "15"), "face_to_face": ("9.80", "10")}


def demo_history_load(*, cases_per_council: int = 600, log=print) -> int:
    """Load the history for every demo council that has none yet; returns the number of cases seeded."""
    councils = [c for c in Council.objects.all() if not SavingsAssumptions.objects.filter(council=c).exists()]
    if not councils:
        log("Demo history already loaded.")
        return 0
    connectors = {c.pk: _back_office(c).pk for c in councils}
    made = seed_cases(
        cases_per_council * len(councils),
        rng_seed=19,
        log=log,
        history=History(days=HISTORY_DAYS, connectors=connectors),
    )
    for council in councils:
        _reporting_configure(council)
        _outage(council)
    changed = log_causes_check()
    log(f"Issues log: {changed} item(s) raised from the history.")
    return made


def _outage(council: Council) -> None:
    """The back office was down lately: its last few deliveries are dead letters (the issues log picks them up)."""
    if Delivery.objects.filter(council=council, status=Delivery.Status.DEAD).exists():
        return
    latest = Delivery.objects.filter(council=council, status=Delivery.Status.SENT, connector__slug="back-office")
    Delivery.objects.filter(pk__in=list(latest.order_by("-sent_at").values_list("pk", flat=True)[:3])).update(
        status=Delivery.Status.DEAD,
        sent_at=None,
        attempts=8,
        last_error="HTTPError: 503 Service Unavailable (back office down for maintenance)",
    )


def _back_office(council: Council) -> Connector:
    """A connector the history's deliveries went through (no service sends to it, so nothing calls it now)."""
    connector, _ = Connector.objects.get_or_create(
        council=council,
        slug="back-office",
        defaults={
            "name": "Back office (demo)",
            "kind": "rest",
            "config": {"url": f"https://backoffice.{council.slug}.example.gov.uk/api/cases"},
        },
    )
    return connector


@transaction.atomic
def _reporting_configure(council: Council) -> None:
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=HISTORY_DAYS)).replace(day=1)
    for kpi, (target, margin) in TARGETS.items():
        KpiTarget.objects.update_or_create(
            council=council, kpi=kpi, defaults={"target": Decimal(target), "amber_margin": Decimal(margin)}
        )
    for channel, (cost, share) in UNIT_COSTS.items():
        UnitCost.objects.update_or_create(
            council=council,
            channel=channel,
            defaults={"cost_per_contact": Decimal(cost), "baseline_share_pct": Decimal(share)},
        )
    SavingsAssumptions.objects.update_or_create(
        council=council, defaults={"officer_hourly_cost": Decimal("28.50"), "rekey_minutes": Decimal("12")}
    )
    people = get_user_model().objects.filter(council_memberships__council=council)
    manager = people.filter(council_memberships__role="manager").first()
    admin = people.filter(council_memberships__role="council_admin").first()
    benefits = [
        (
            "saving_channel_shift",
            "Residents report online instead of phoning",
            "£ saved per month by channel shift",
            "0",
            "900",
            manager,
        ),
        (
            "hours_saved_rekey",
            "Connectors send cases to the back office",
            "Officer hours saved per month by not re-keying",
            "0",
            "60",
            admin,
        ),
        (
            "failure_demand",
            "Fewer residents chase or reopen",
            "Reopened cases and chasers per month",
            "60",
            "20",
            manager,
        ),
        (
            "cost_per_contact",
            "Cheaper contacts as the mix shifts online",
            "£ cost per contact",
            "5.40",
            "3.00",
            manager,
        ),
        ("manual", "Less paper post to residents", "£ postage saved per month", "0", "250", admin),
    ]
    for source, description, measure, baseline, target, owner in benefits:
        benefit, _ = Benefit.objects.update_or_create(
            council=council,
            measure=measure,
            defaults={
                "description": description,
                "source": source,
                "baseline_value": Decimal(baseline),
                "baseline_date": start,
                "target_value": Decimal(target),
                "target_date": today.replace(day=1) + dt.timedelta(days=365),
                "owner": owner,
                "governance_body": "Digital programme board",
            },
        )
        if source == "manual":
            month = start
            value = Decimal("20")
            while month <= today:
                BenefitFigure.objects.update_or_create(
                    benefit=benefit,
                    month=month,
                    defaults={"value": value, "evidence": "Post room invoice", "recorded_by": admin},
                )
                month, value = (month + dt.timedelta(days=32)).replace(day=1), value + Decimal("30")
    if not LogItem.objects.filter(council=council, cause="").exists():
        log_item_create(
            council=council,
            actor=manager,
            data={
                "kind": LogItem.Kind.RISK,
                "title": "Back-office contract ends next spring",
                "description": "The waste back office's contract ends in April; the connector must move to the new system.",
                "impact": "Cases would need re-keying again until the new connector is live.",
                "priority": LogItem.Priority.MEDIUM,
                "owner": admin,
                "target_date": today + dt.timedelta(days=90),
            },
        )
        log_item_create(
            council=council,
            actor=manager,
            data={
                "kind": LogItem.Kind.CHANGE,
                "title": "Add photos to the fly-tipping form",
                "description": "Residents ask to attach photos; crews want them to find the waste.",
                "priority": LogItem.Priority.LOW,
                "owner": manager,
                "target_date": today + dt.timedelta(days=45),
            },
        )
