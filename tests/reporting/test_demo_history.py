"""`make run`'s demo history (#19): six months of cases, targets, unit costs and benefits give every report real
figures. Expected values are read from the data the loader made, not fixed numbers."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db.models import Count
from django.utils import timezone
from pypdf import PdfReader


@pytest.fixture
def history(demo):
    from demodata.history import demo_history_load

    made = demo_history_load(cases_per_council=80, log=lambda line: None)
    assert made == 160  # both test councils
    return demo


def test_history_spreads_cases_over_six_months_channels_and_officers(history):
    from casework.models import Case, CaseEvent, CaseTask

    riverside = history.council("riverside")
    cases = Case.objects.filter(council=riverside)
    oldest = timezone.now() - cases.order_by("submitted_at").first().submitted_at
    assert dt.timedelta(days=120) < oldest <= dt.timedelta(days=184)
    assert cases.values("channel").distinct().count() >= 3
    assert cases.values("service").distinct().count() >= 4
    assert CaseTask.objects.filter(case__council=riverside, owner__isnull=False).values("owner").distinct().count() >= 2
    kinds = set(CaseEvent.objects.filter(case__council=riverside).values_list("kind", flat=True))
    assert {"reopened", "resident_added_info", "task_claimed", "resolved"} <= kinds


def test_dashboard_shows_the_historys_figures(history, client):
    from casework.models import Case

    client.force_login(history.user("riverside-manager"))
    today = timezone.localdate()
    start = today - dt.timedelta(days=184)
    html = client.get("/reports/", {"from": start.isoformat(), "to": today.isoformat()}).content.decode()
    kpis = dict(re.findall(r'<p class="kpi">([^<]+)<b>([^<]*)</b>', html))
    received = Case.objects.filter(council__slug="riverside", submitted_at__date__gte=start).count()
    assert kpis["Received"] == f"{received:,}" and received > 0
    resolved = Case.objects.filter(council__slug="riverside", resolved_at__isnull=False).count()
    assert resolved > 0 and kpis["Resolved"] != "0"
    assert kpis["Within SLA"].endswith("%") and kpis["Satisfaction"] != "—"


def test_scorecard_html_and_pdf_rate_the_month_against_targets(history, client):
    from reporting.models import KpiTarget
    from reporting.services.scorecard import scorecard_build

    riverside = history.council("riverside")
    month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    card = scorecard_build(council=riverside, month=month)
    rated = [line for line in card["lines"] if line.rag != "none"]
    assert len(rated) >= KpiTarget.objects.filter(council=riverside).count() - 1  # targets set, figures present
    assert card["savings"].saving_channel_shift != 0 and card["savings"].deliveries_sent > 0
    assert card["log_items"]
    client.force_login(history.user("riverside-manager"))
    page = client.get(f"/reports/riverside/scorecard/{month:%Y-%m}/").content.decode()
    assert f"{card['rag_counts']['green']} green, {card['rag_counts']['amber']} amber" in page
    pdf = client.get(f"/reports/riverside/scorecard/{month:%Y-%m}/scorecard.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Issues and risks log" in text and card["log_items"][0].identifier in text


def test_benefits_register_has_realised_figures_for_every_benefit(history, client):
    from reporting.filters import months_ending
    from reporting.services.benefits import benefits_register

    riverside = history.council("riverside")
    months = months_ending(timezone.localdate(), 6)
    register = benefits_register(council_id=riverside.pk, months=months)
    assert len(register) == 5
    for benefit, points in register:
        assert any(p.realised for p in points), benefit.measure
    client.force_login(history.user("riverside-manager"))
    html = client.get("/reports/riverside/benefits/").content.decode()
    assert "Measures from live data" in html and "Cost per contact by channel" in html
    assert "£5.50" in html  # the phone unit cost, as money


def test_issues_log_holds_raised_and_recorded_items(history):
    from reporting.models import LogItem

    items = LogItem.objects.filter(council__slug="riverside")
    assert items.filter(cause="").count() == 2
    auto = items.exclude(cause="")
    assert auto.exists()
    assert auto.values("cause").annotate(n=Count("pk")).filter(n__gt=1).count() == 0


def test_history_loads_once(history):
    from demodata.history import demo_history_load

    assert demo_history_load(log=lambda line: None) == 0
