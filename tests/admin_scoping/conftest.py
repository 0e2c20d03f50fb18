"""Two councils each holding one row of every model an admin page can point at, built the same way for both."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

OWN, OTHER = "riverside", "hillford"


def council_world_build(demo, submit_missed_bin, slug: str) -> None:
    """One of everything for council `slug`: connector, delivery, lookup list and row, reporting rows, an import
    record, a bulk import job, a case, and a library entry in a partnership only this council belongs to."""
    from connectors.models import Connector, Delivery
    from councils.models import Partnership
    from reporting.kpi_catalogue import BENEFIT_SOURCE_CHOICES, KPI_CHOICES
    from reporting.models import (
        Benefit,
        BenefitFigure,
        KpiTarget,
        LogItem,
        LogItemHistory,
        SavingsAssumptions,
        UnitCost,
    )
    from sharing.models import BulkImportJob, LookupList, LookupRow, ServiceImport
    from sharing.services.library import library_entry_publish

    council = demo.council(slug)
    service = demo.service(slug, "missed-bin")
    person = get_user_model().objects.get(username=f"{slug}-admin")
    case = submit_missed_bin(service)
    connector = Connector.objects.create(
        council=council,
        name=f"{council.name} CRM",
        slug="crm",
        kind="rest",
        config={"url": f"https://crm.{slug}.example.gov.uk/api"},
    )
    Delivery.objects.create(
        council=council, case=case, connector=connector, kind=Delivery.Kind.CONNECTOR, purpose="test"
    )
    lookup = LookupList.objects.create(council=council, slug="rounds", name=f"{council.name} rounds")
    LookupRow.objects.create(lookup_list=lookup, key="High Street", value="Tuesday")
    KpiTarget.objects.create(council=council, kpi=KPI_CHOICES[0][0], target=Decimal("90"))
    UnitCost.objects.create(
        council=council, channel="web", cost_per_contact=Decimal("0.50"), baseline_share_pct=Decimal("10")
    )
    SavingsAssumptions.objects.update_or_create(council=council, defaults={"officer_hourly_cost": Decimal("30")})
    benefit = Benefit.objects.create(
        council=council,
        description="Channel shift",
        measure="£ per month",
        source=BENEFIT_SOURCE_CHOICES[0][0],
        baseline_value=Decimal("0"),
        baseline_date=datetime.date(2026, 1, 1),
        target_value=Decimal("100"),
        target_date=datetime.date(2027, 1, 1),
        owner=person,
        governance_body="Board",
    )
    BenefitFigure.objects.create(
        benefit=benefit, month=datetime.date(2026, 2, 1), value=Decimal("5"), evidence="ledger", recorded_by=person
    )
    item = LogItem.objects.create(
        council=council,
        kind=LogItem.Kind.choices[0][0],
        identifier=f"{council.code}-1",
        raised_by=person,
        owner=person,
        title="A risk",
        description="Why",
    )
    LogItemHistory.objects.create(item=item, actor=person, changes={"title": [None, "A risk"]})
    ServiceImport.objects.create(
        council=council,
        service=service,
        source_council_name="Elsewhere",
        source_council_slug="elsewhere",
        source_version=1,
        checksum="0" * 64,
        form=service.form,
        workflow=service.workflow,
        imported_by=person,
    )
    BulkImportJob.objects.create(council=council, kind="teams", file_name="teams.csv", content=b"", created_by=person)
    circle = Partnership.objects.create(slug=f"{slug}-circle", name=f"{council.name} circle")
    council.partnerships.add(circle)
    library_entry_publish(service, partnership=circle, actor=None)


@pytest.fixture
def two_council_world(demo, submit_missed_bin):
    for slug in (OWN, OTHER):
        council_world_build(demo, submit_missed_bin, slug)
    return demo
