"""Scorecard (HTML, PDF, command), RAG ratings, savings from unit costs, benefits register, issues log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.urls import reverse
from pypdf import PdfReader

from reporting_clock import at

OCTOBER = dt.date(2026, 10, 1)


def _configure_savings(council):
    from reporting.models import SavingsAssumptions, UnitCost

    UnitCost.objects.create(council=council, channel="phone", cost_per_contact=Decimal("8.00"), baseline_share_pct=70)
    UnitCost.objects.create(council=council, channel="web", cost_per_contact=Decimal("0.50"), baseline_share_pct=30)
    UnitCost.objects.create(council=council, channel="email", cost_per_contact=Decimal("4.00"), baseline_share_pct=0)
    SavingsAssumptions.objects.create(council=council, officer_hourly_cost=Decimal("30.00"), rekey_minutes=Decimal("6"))


def _deliveries(council, case, count, sent_at):
    from connectors.models import Connector, Delivery

    connector = Connector.objects.create(council=council, name="Waste back office", slug="waste-bo", kind="rest")
    for _ in range(count):
        Delivery.objects.create(
            council=council,
            case=case,
            connector=connector,
            kind=Delivery.Kind.CONNECTOR,
            status=Delivery.Status.SENT,
            sent_at=sent_at,
        )
    Delivery.objects.create(
        council=council, case=case, connector=connector, kind=Delivery.Kind.CONNECTOR, status=Delivery.Status.DEAD
    )
    Delivery.objects.create(
        council=council, case=case, kind=Delivery.Kind.EMAIL, status=Delivery.Status.SENT, sent_at=sent_at
    )


def test_savings_from_configured_unit_costs(demo, october):
    from reporting.services.savings import savings_by_month

    riverside = demo.council("riverside")
    _configure_savings(riverside)
    _deliveries(riverside, october["a"], 5, at(10, 15))
    s = savings_by_month(council_id=riverside.pk, months=[OCTOBER])[OCTOBER]
    assert s.contacts == {"web": 3, "phone": 1, "email": 1}
    # baseline mix for 5 contacts: 3.5 phone × £8 + 1.5 web × £0.50 = £28.75; actual 1 × 8 + 3 × 0.5 + 1 × 4 = £13.50
    assert s.baseline_cost == Decimal("28.75") and s.actual_cost == Decimal("13.50")
    assert s.saving_channel_shift == Decimal("15.25")
    # 5 connector deliveries sent (dead and email ones do not count) × 6 min = 0.5 h × £30
    assert s.deliveries_sent == 5 and s.hours_saved_rekey == Decimal("0.50") and s.saving_rekey == Decimal("15.00")
    assert s.saving_total == Decimal("30.25")


def test_rag_and_trend_rules():
    from reporting.services.scorecard import rag_rate, trend_of

    assert rag_rate(value=96, target=Decimal(95), margin=Decimal(5), higher_is_better=True) == "green"
    assert rag_rate(value=91, target=Decimal(95), margin=Decimal(5), higher_is_better=True) == "amber"
    assert rag_rate(value=89, target=Decimal(95), margin=Decimal(5), higher_is_better=True) == "red"
    assert rag_rate(value=6, target=Decimal(5), margin=Decimal(2), higher_is_better=False) == "amber"
    assert rag_rate(value=None, target=Decimal(5), margin=Decimal(2), higher_is_better=False) == "none"
    assert trend_of(value=3, previous=5, higher_is_better=False) == "better"


def test_scorecard_pdf_has_the_councils_figures(client, demo, october):
    from reporting.models import Benefit, KpiTarget

    riverside = demo.council("riverside")
    _configure_savings(riverside)
    KpiTarget.objects.create(council=riverside, kpi="sla_met_pct", target=Decimal("90"), amber_margin=Decimal("10"))
    KpiTarget.objects.create(
        council=riverside, kpi="satisfaction_avg", target=Decimal("4"), amber_margin=Decimal("0.5")
    )
    Benefit.objects.create(
        council=riverside,
        description="Move missed-bin calls online.",
        measure="Channel shift saving per month",
        source="saving_channel_shift",
        baseline_value=0,
        baseline_date=dt.date(2026, 5, 1),
        target_value=20,
        target_date=dt.date(2026, 12, 31),
        governance_body="Digital Board",
        owner=demo.user("riverside-manager"),
    )
    client.force_login(demo.user("riverside-manager"))
    html = client.get(reverse("reporting:scorecard", kwargs={"slug": "riverside", "month": "2026-10"})).content.decode()
    assert "rag-red" in html and "rag-green" in html  # SLA 50% vs 90 ± 10; satisfaction 4.0 meets 4
    response = client.get(reverse("reporting:scorecard_pdf", kwargs={"slug": "riverside", "month": "2026-10"}))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Riverside District Council" in text and "October 2026" in text and "Hillford" not in text
    assert "50" in text and "RED" in text and "GREEN" in text
    assert "Channel shift saving per month" in text and "15.25" in text and "Digital Board" in text


def test_scorecard_command_writes_pdf(subprocess_env, demo, tmp_path):
    out = tmp_path / "scorecard.pdf"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [
            sys.executable,
            str(root / "manage.py"),
            "scorecard",
            "--council",
            "hillford",
            "--month",
            "2026-10",
            "--out",
            str(out),
        ],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Hillford Borough Council" in text and "Riverside" not in text


def test_benefits_register_realised_against_expected(client, demo, october):
    from reporting.models import Benefit, BenefitFigure
    from reporting.services.benefits import benefits_register

    riverside = demo.council("riverside")
    sla = Benefit.objects.create(
        council=riverside,
        description="Faster bins",
        measure="SLA met %",
        source="sla_met_pct",
        baseline_value=40,
        baseline_date=dt.date(2026, 10, 1),
        target_value=80,
        target_date=dt.date(2026, 11, 30),
        governance_body="Board",
    )
    manual = Benefit.objects.create(
        council=riverside,
        description="Fewer complaints letters",
        measure="Letters",
        source="manual",
        baseline_value=100,
        baseline_date=dt.date(2026, 1, 1),
        target_value=50,
        target_date=dt.date(2026, 12, 31),
        governance_body="Board",
    )
    BenefitFigure.objects.create(benefit=manual, month=OCTOBER, value=70, evidence="Post room log")
    register = dict(benefits_register(council_id=riverside.pk, months=[OCTOBER]))
    assert register[sla][0].realised == Decimal("50.0") and register[sla][0].expected == Decimal(
        "60.00"
    )  # 30 of 60 days from 1 Oct to 30 Nov: halfway
    assert register[manual][0].realised == Decimal("70") and register[manual][0].evidence == "Post room log"
    client.force_login(demo.user("riverside-manager"))
    assert (
        "Fewer complaints letters"
        in client.get(reverse("reporting:benefits", kwargs={"slug": "riverside"})).content.decode()
    )


def test_issues_log_identifiers_history_overdue_and_csv(client, demo):
    from reporting.models import LogItem

    client.force_login(demo.user("riverside-manager"))
    new = reverse("reporting:log_new", kwargs={"slug": "riverside"})
    form = {
        "kind": "risk",
        "title": "=cmd|' /C calc'!A0",
        "description": "Supplier may exit",
        "impact": "No bin data",
        "priority": "high",
        "owner": demo.user("riverside-manager").pk,
        "target_date": "2026-11-01",
        "status": "open",
        "resolution": "",
        "resolved_on": "",
    }
    response = client.post(new, form)
    item = LogItem.objects.get(council__slug="riverside")
    assert (
        response.status_code == 302
        and item.identifier == "RDC-RISK-001"
        and item.raised_by.username == "riverside-manager"
    )
    client.post(
        reverse("reporting:log_item", kwargs={"slug": "riverside", "identifier": item.identifier}),
        {**form, "status": "in_progress"},
    )
    history = list(item.history.values_list("changes", flat=True))
    assert len(history) == 2 and history[1] == {"status": ["open", "in_progress"]}
    page = client.get(reverse("reporting:log", kwargs={"slug": "riverside"})).content.decode()
    assert 'class="overdue"' in page  # target 1 Nov 2026 has passed and the item is not resolved
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("reporting:log_csv", kwargs={"slug": "riverside"})).content.decode()))
    )
    assert rows[1][0] == "RDC-RISK-001" and rows[1][4].startswith("'=") and rows[1][-1] == "yes"
    client.force_login(demo.user("hillford-manager"))
    assert (
        client.get(
            reverse("reporting:log_item", kwargs={"slug": "riverside", "identifier": item.identifier})
        ).status_code
        == 404
    )
