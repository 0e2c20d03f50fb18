"""Dashboards, CSV and scorecards through HTTP: figures shown, scoping enforced, queries constant as data grows."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from query_counts import assert_query_count
from reporting_clock import at

OCTOBER_QUERY = {"from": "2026-10-01", "to": "2026-10-31"}


def client_for(client, demo, username):
    client.force_login(demo.user(username))
    return client


def test_manager_dashboard_shows_october_figures_table_and_charts(client, demo, october):
    page = client_for(client, demo, "riverside-manager").get(
        reverse("reporting:dashboard"), {**OCTOBER_QUERY, "group": "channel"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Contacts by channel" in html
    kpis = dict(re.findall(r'<p class="kpi">([^<]+)<b>([^<]*)</b>', html))
    assert kpis == {
        "Received": "5",
        "Resolved": "4",
        "Closed": "2",
        "Open backlog": "2",
        "First response": "2.5 h",
        "Resolution": "5 days",
        "Within SLA": "50%",
        "Reopen rate": "20%",
        "Satisfaction": "4",
        "Online": "60%",
    }
    assert "Hillford" not in html


def test_csv_download_escapes_formulas_and_matches_table(client, demo, october):
    from casework.models import Service

    Service.objects.filter(pk=october["a"].service_id).update(name='=HYPERLINK("http://evil")')
    response = client_for(client, demo, "riverside-manager").get(
        reverse("reporting:dashboard_csv"), {**OCTOBER_QUERY, "group": "service"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Service", "Received", "Resolved"]
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][1:3] == ["5", "4"]


def test_officer_tab_lists_per_officer_counts(client, demo, october):
    html = (
        client_for(client, demo, "riverside-manager")
        .get(reverse("reporting:dashboard"), {**OCTOBER_QUERY, "group": "officer"})
        .content.decode()
    )
    assert "Sam Patel" in html and "Alex Morgan" in html


def test_every_report_is_scoped_to_the_users_councils(client, demo, october):
    hillford, riverside = demo.council("hillford"), demo.council("riverside")
    c = client_for(client, demo, "hillford-manager")
    page = c.get(reverse("reporting:dashboard"), OCTOBER_QUERY)
    assert page.status_code == 200 and page.context["summary"]["received"] == 1
    assert c.get(reverse("reporting:dashboard"), {**OCTOBER_QUERY, "council": riverside.pk}).status_code == 404
    for name, kwargs in (
        ("scorecard", {"month": "2026-10"}),
        ("scorecard_pdf", {"month": "2026-10"}),
        ("benefits", {}),
        ("log", {}),
        ("log_csv", {}),
        ("log_new", {}),
    ):
        assert c.get(reverse(f"reporting:{name}", kwargs={"slug": riverside.slug, **kwargs})).status_code == 404, name
    assert c.get(reverse("reporting:scorecard", kwargs={"slug": hillford.slug, "month": "2026-10"})).status_code == 200
    client.force_login(demo.user("riverside-waste"))  # a case officer has no reports
    assert client.get(reverse("reporting:dashboard")).status_code == 404
    client.force_login(demo.user("riverside-leader"))  # team leader: their teams' dashboard, not the council scorecard
    assert client.get(reverse("reporting:dashboard"), OCTOBER_QUERY).status_code == 200
    assert (
        client.get(reverse("reporting:scorecard", kwargs={"slug": riverside.slug, "month": "2026-10"})).status_code
        == 404
    )


def test_partnership_view_compares_councils(client, demo, october):
    from guardian.shortcuts import assign_perm

    user = demo.user("riverside-manager")
    assign_perm("councils.view_reports", user, demo.council("hillford"))
    page = client_for(client, demo, "riverside-manager").get(reverse("reporting:dashboard"), OCTOBER_QUERY)
    assert page.context["group"] == "council"
    rows = {r["label"]: r["received"] for r in page.context["rows"]}
    assert rows == {"Hillford Borough Council": 1, "Riverside District Council": 5}


def _add_cases(builder, count, start=0):
    for i in range(start, start + count):
        builder.case(
            channel=("web", "phone")[i % 2],
            submitted=at(10, 1 + i % 27, 8),
            due=at(10, 28),
            resolved=at(10, 2 + i % 27) if i % 3 else None,
            claimed_by="riverside-waste",
            claimed_at=at(10, 1 + i % 27, 9),
            completed_at=at(10, 1 + i % 27, 10) if i % 2 else None,
            status="resolved" if i % 3 else "in_progress",
        )


@pytest.mark.slow
def test_dashboard_queries_constant_from_10_to_100_cases(client, demo, builder):
    c = client_for(client, demo, "riverside-manager")
    riverside = demo.council("riverside")
    pages = [
        (reverse("reporting:dashboard"), {**OCTOBER_QUERY, "group": g})
        for g in ("service", "officer", "team", "channel")
    ]
    pages += [
        (reverse("reporting:scorecard", kwargs={"slug": riverside.slug, "month": "2026-10"}), {}),
        (reverse("reporting:benefits", kwargs={"slug": riverside.slug}), {}),
        (reverse("reporting:log", kwargs={"slug": riverside.slug}), {}),
    ]
    _add_cases(builder, 10)
    counts = []
    for url, params in pages:
        with assert_query_count(59, at_most=True, label=f"{url} {params} with 10 cases") as ctx:
            assert c.get(url, params).status_code == 200
        counts.append(len(ctx.captured_queries))
    _add_cases(builder, 90, start=10)
    for (url, params), at_ten in zip(pages, counts, strict=True):
        with assert_query_count(at_ten, at_most=True, label=f"{url} {params} with 100 cases (10 cases: {at_ten})"):
            assert c.get(url, params).status_code == 200
