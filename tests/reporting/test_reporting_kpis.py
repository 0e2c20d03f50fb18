"""KPI figures against values worked out by hand for the October data set in conftest.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.filters import month_filter
from reporting.scope import ReportScope, report_scope_for
from reporting.selectors.kpis import kpis_compute
from reporting.selectors.people import task_kpis_compute
from reporting.selectors.series import channel_series, sla_series

OCTOBER = dt.date(2026, 10, 1)


def riverside_scope(demo):
    return ReportScope(council_ids=(demo.council("riverside").pk,))


def test_case_kpis_match_hand_computed_values(demo, october):
    k = kpis_compute(scope=riverside_scope(demo), flt=month_filter(OCTOBER))[None]
    assert (k["received"], k["resolved"], k["closed"], k["backlog"]) == (5, 4, 2, 2)
    # resolution days A 1, B 3, C 7, F 12: median (3+7)/2, p90 at position 2.7 → 7 + 0.7 × 5
    assert k["resolution_median_days"] == 5.0
    assert k["resolution_p90_days"] == 10.5
    # first response hours A 1, C 2, B 3, D 10 (E none): median 2.5, p90 at 2.7 → 3 + 0.7 × 7
    assert k["first_response_median_hours"] == 2.5
    assert k["first_response_p90_hours"] == 7.9
    assert k["sla_met_pct"] == 50.0  # A and C met, B and F missed
    assert k["reopen_rate_pct"] == 20.0  # 1 reopening ÷ 5 resolutions (C resolved twice)
    assert k["satisfaction_avg"] == 4.0 and k["satisfaction_count"] == 2
    assert k["web_share_pct"] == 60.0  # A, C, D of 5
    # backlog D (20 Oct 09:00) and E (25 Oct 12:00), measured at 1 Nov 00:00 UTC (GMT): median age 9 days 1.5 h
    assert k["backlog_age_median_days"] == 9.06


def test_kpis_grouped_by_channel_and_council(demo, october):
    by_channel = kpis_compute(scope=riverside_scope(demo), flt=month_filter(OCTOBER), group="channel")
    assert (
        by_channel["web"]["received"] == 3
        and by_channel["phone"]["received"] == 1
        and by_channel["email"]["received"] == 1
    )
    assert by_channel["web"]["resolution_median_days"] == 7.0  # A 1, C 7, F 12
    assert by_channel["phone"]["sla_met_pct"] == 0.0
    both = ReportScope(council_ids=(demo.council("riverside").pk, demo.council("hillford").pk))
    by_council = kpis_compute(scope=both, flt=month_filter(OCTOBER), group="council")
    assert by_council[demo.council("hillford").pk]["received"] == 1
    assert by_council[demo.council("riverside").pk]["received"] == 5


def test_per_officer_tasks_completed_and_work_in_progress(demo, october):
    figures = task_kpis_compute(scope=riverside_scope(demo), flt=month_filter(OCTOBER), group="officer")
    waste, waste2 = demo.user("riverside-waste").pk, demo.user("riverside-waste2").pk
    assert figures[waste]["completed"] == 2 and figures[waste]["open"] == 0
    assert figures[waste2]["completed"] == 1 and figures[waste2]["open"] == 1  # C done; D claimed, still open
    assert figures[waste]["handling_median_hours"] == 4.5  # A 4 h, B 5 h from task creation to completion
    assert figures[waste]["on_time_pct"] == 100.0


def test_monthly_series_for_channel_shift_and_sla(demo, october):
    flt = month_filter(OCTOBER)
    flt = type(flt)(start=dt.date(2026, 9, 1), end=flt.end)
    channels = channel_series(scope=riverside_scope(demo), flt=flt)
    assert channels[dt.date(2026, 9, 1)] == {"web": 1}
    assert channels[OCTOBER] == {"web": 3, "phone": 1, "email": 1}
    sla = sla_series(scope=riverside_scope(demo), flt=flt)
    assert sla[OCTOBER] == {"resolved": 4, "met": 2, "pct": 50.0}


def test_team_leader_sees_only_led_teams_and_manager_the_council(demo, october, builder):
    from casework.models import CaseTask
    from councils.models import TeamMembership

    leader = demo.user("riverside-leader")
    TeamMembership.objects.filter(user=leader).exclude(team__slug="highways").update(is_leader=False)
    scope = report_scope_for(leader)
    assert scope.team_limited_council_ids == (demo.council("riverside").pk,)
    assert kpis_compute(scope=scope, flt=month_filter(OCTOBER))[None]["received"] == 0  # missed bins go to waste
    CaseTask.objects.filter(case=october["a"]).update(team=demo.council("riverside").teams.get(slug="highways"))
    assert (
        kpis_compute(scope=report_scope_for(demo.user("riverside-leader")), flt=month_filter(OCTOBER))[None]["received"]
        == 1
    )
    manager = report_scope_for(demo.user("riverside-manager"))
    assert manager.team_ids is None and kpis_compute(scope=manager, flt=month_filter(OCTOBER))[None]["received"] == 5
    assert report_scope_for(demo.user("riverside-waste")).is_empty


@pytest.mark.postgres
def test_postgres_uses_percentile_cont(demo, october):
    with CaptureQueriesContext(connection) as queries:
        kpis_compute(scope=riverside_scope(demo), flt=month_filter(OCTOBER))
    assert any("PERCENTILE_CONT" in q["sql"] for q in queries.captured_queries)


def test_grouped_figures_carry_the_same_overall_figures_as_an_ungrouped_call(demo, october):
    both = ReportScope(council_ids=(demo.council("riverside").pk, demo.council("hillford").pk))
    for scope in (riverside_scope(demo), both):
        overall = kpis_compute(scope=scope, flt=month_filter(OCTOBER))[None]
        for group in ("council", "service", "channel"):
            figures = kpis_compute(scope=scope, flt=month_filter(OCTOBER), group=group, with_total=True)
            assert figures.pop(None) == overall, group
            assert sum(f["received"] for f in figures.values()) == overall["received"]


def test_officer_filter_follows_the_current_task_owner(demo, october):
    from dataclasses import replace

    flt = replace(month_filter(OCTOBER), officer_id=demo.user("riverside-waste2").pk)
    k = kpis_compute(scope=riverside_scope(demo), flt=flt)[None]
    assert (k["received"], k["resolved"], k["backlog"]) == (2, 1, 1)  # C (resolved 14 Oct) and D (still open)


def test_a_period_without_cases_gives_zeros_and_no_averages(demo, october):
    k = kpis_compute(scope=riverside_scope(demo), flt=month_filter(dt.date(2026, 1, 1)))[None]
    assert (k["received"], k["resolved"], k["closed"], k["backlog"]) == (0, 0, 0, 0)
    assert k["resolution_median_days"] is None and k["first_response_p90_hours"] is None and k["sla_met_pct"] is None
    assert k["backlog_age_median_days"] is None and k["satisfaction_avg"] is None and k["reopen_rate_pct"] is None


def test_people_breakdowns_read_the_projection_and_equal_the_live_tasks(demo, october):
    """The team and officer figures come from TaskFacts (a change of a live task alone does not move them until it is
    re-projected), and equal the live CaseTask figures under every filter and for a team leader."""
    from dataclasses import replace

    from casework.models import CaseTask
    from reporting.models import TaskFact
    from reporting.services.projection import case_projection_refresh

    riverside = riverside_scope(demo)
    flt = month_filter(OCTOBER)
    waste_team = demo.council("riverside").teams.get(slug="waste")
    filters = [
        flt,
        replace(flt, channel="web"),
        replace(flt, channel="phone"),
        replace(flt, service_id=demo.service("riverside", "missed-bin").pk),
        replace(flt, team_id=waste_team.pk),
        replace(flt, officer_id=demo.user("riverside-waste2").pk),
        replace(flt, council_id=demo.council("riverside").pk),
    ]
    assert TaskFact.objects.count() == 3  # A, B and C completed
    for scope in (riverside, report_scope_for(demo.user("riverside-leader"))):
        for f in filters:
            for group in ("officer", "team"):
                live = task_kpis_compute(scope=scope, flt=f, group=group, projection=False)
                assert task_kpis_compute(scope=scope, flt=f, group=group) == live, (group, f)
    before = task_kpis_compute(scope=riverside, flt=flt, group="team")
    assert before[waste_team.pk]["completed"] == 3
    CaseTask.objects.filter(case=october["a"]).update(completed_at=None)  # a data fix, not yet re-projected
    assert task_kpis_compute(scope=riverside, flt=flt, group="team") == before
    case_projection_refresh(october["a"].pk)
    assert task_kpis_compute(scope=riverside, flt=flt, group="team")[waste_team.pk]["completed"] == 2


def test_the_task_facts_migration_fills_the_completed_tasks(demo, october):
    import importlib

    from django.apps import apps

    from reporting.models import TaskFact
    from reporting.services.projection import _task_fact_values

    projected = sorted(_task_fact_values(f) for f in TaskFact.objects.all())
    TaskFact.objects.all().delete()
    importlib.import_module("reporting.migrations.0004_task_facts").task_facts_fill(apps, None)
    assert sorted(_task_fact_values(f) for f in TaskFact.objects.all()) == projected and len(projected) == 3
