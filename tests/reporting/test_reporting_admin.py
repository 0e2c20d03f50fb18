"""Targets, unit costs, savings assumptions, benefits and the log in the admin, as each role of a council (#19)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client, RequestFactory

KPI_TARGETS = "/admin/reporting/kpitarget/"
PAGES = ["kpitarget", "unitcost", "savingsassumptions", "benefit", "logitem"]


def client_as(demo, username: str) -> Client:
    client = Client()
    client.force_login(demo.user(username))
    return client


@pytest.fixture
def rows(demo):
    """One target, unit cost and log item per council, so a leak would show."""
    from reporting.models import KpiTarget, LogItem, UnitCost

    made = {}
    for slug in ("riverside", "hillford"):
        council = demo.council(slug)
        made[slug] = {
            "target": KpiTarget.objects.create(council=council, kpi="sla_met_pct", target=Decimal("80")),
            "cost": UnitCost.objects.create(council=council, channel="phone", cost_per_contact=Decimal("5.10")),
            "log": LogItem.objects.create(
                council=council,
                kind="issue",
                identifier=f"{council.code}-ISS-001",
                title=f"{slug} issue",
                description="x",
            ),
        }
    return made


@pytest.mark.parametrize("username", ["riverside-manager", "riverside-admin"])
def test_manager_and_administrator_list_only_their_councils_rows(demo, rows, username):
    client = client_as(demo, username)
    index = client.get("/admin/").content.decode()
    assert "KPI targets" in index and "Unit costs" in index and "Issues and risks log" in index
    for page in PAGES:
        response = client.get(f"/admin/reporting/{page}/")
        assert response.status_code == 200, page
    html = client.get("/admin/reporting/logitem/").content.decode()
    assert "riverside issue" in html and "hillford issue" not in html
    other = rows["hillford"]["target"]
    assert client.get(f"{KPI_TARGETS}{other.pk}/change/").status_code == 302  # "does not exist" for them


def test_manager_sets_a_target_for_own_council_only(demo, rows):
    from reporting.models import KpiTarget

    client = client_as(demo, "riverside-manager")
    riverside, hillford = demo.council("riverside"), demo.council("hillford")
    forged = client.post(
        f"{KPI_TARGETS}add/", {"council": hillford.pk, "kpi": "web_share_pct", "target": "70", "amber_margin": "5"}
    )
    assert forged.status_code == 200 and "Select a valid choice" in forged.content.decode()
    assert not KpiTarget.objects.filter(council=hillford, kpi="web_share_pct").exists()
    saved = client.post(
        f"{KPI_TARGETS}add/", {"council": riverside.pk, "kpi": "web_share_pct", "target": "70", "amber_margin": "5"}
    )
    assert saved.status_code == 302
    assert KpiTarget.objects.get(council=riverside, kpi="web_share_pct").target == Decimal("70")
    own = rows["riverside"]["cost"]
    changed = client.post(
        f"/admin/reporting/unitcost/{own.pk}/change/",
        {"council": riverside.pk, "channel": "phone", "cost_per_contact": "6.40", "baseline_share_pct": "55"},
    )
    assert changed.status_code == 302
    own.refresh_from_db()
    assert own.cost_per_contact == Decimal("6.40")


def test_manager_adds_a_benefit_with_a_figure_owned_by_a_colleague(demo, rows):
    from reporting.models import Benefit

    client = client_as(demo, "riverside-manager")
    riverside = demo.council("riverside")
    data = {
        "council": riverside.pk,
        "description": "Fewer phone calls",
        "measure": "£ saved per month",
        "source": "manual",
        "baseline_value": "0",
        "baseline_date": "2026-01-01",
        "target_value": "900",
        "target_date": "2026-12-31",
        "owner": demo.user("riverside-admin").pk,
        "governance_body": "Digital board",
        "is_active": "on",
        "figures-TOTAL_FORMS": "1",
        "figures-INITIAL_FORMS": "0",
        "figures-0-month": "2026-06-01",
        "figures-0-value": "120",
        "figures-0-evidence": "Contact centre report",
    }
    foreign_owner = client.post("/admin/reporting/benefit/add/", {**data, "owner": demo.user("hillford-admin").pk})
    assert foreign_owner.status_code == 200 and not Benefit.objects.filter(council=riverside).exists()
    assert client.post("/admin/reporting/benefit/add/", data).status_code == 302
    benefit = Benefit.objects.get(council=riverside)
    assert [(f.month, f.value) for f in benefit.figures.all()] == [(dt.date(2026, 6, 1), Decimal("120"))]


def test_log_items_are_read_only_in_the_admin(demo, rows):
    client = client_as(demo, "riverside-manager")
    item = rows["riverside"]["log"]
    page = client.get(f"/admin/reporting/logitem/{item.pk}/change/")
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    assert client.get("/admin/reporting/logitem/add/").status_code == 403


def test_designer_and_other_councils_manager_are_refused(demo, rows):
    designer = client_as(demo, "riverside-designer")
    assert "KPI targets" not in designer.get("/admin/").content.decode()
    for page in PAGES:
        assert designer.get(f"/admin/reporting/{page}/").status_code == 403, page
    hillford = client_as(demo, "hillford-manager")
    html = hillford.get("/admin/reporting/logitem/").content.decode()
    assert "hillford issue" in html and "riverside issue" not in html
    riverside_target = rows["riverside"]["target"]
    assert hillford.get(f"{KPI_TARGETS}{riverside_target.pk}/change/").status_code == 302


def test_team_leader_reports_give_no_admin_access(demo):
    from django.contrib import admin

    from reporting.models import KpiTarget

    request = RequestFactory().get(KPI_TARGETS)
    request.user = demo.user("riverside-leader")
    assert admin.site._registry[KpiTarget].has_module_permission(request) is False
