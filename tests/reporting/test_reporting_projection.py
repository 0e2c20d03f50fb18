"""The reporting projection: kept by the case services in each change's transaction, equal to a rebuild from scratch,
and giving the same figures as the direct queries over cases and events."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting.filters import ReportFilter
from reporting.scope import ReportScope
from reporting.selectors.kpis import kpis_compute
from reporting.selectors.outcomes import outcomes_by_stage
from reporting.selectors.people import task_kpis_compute

FLY_TIPPING = {
    "location": "Back lane behind 4 Mill Road",
    "waste_types": ["Furniture"],
    "size": "van",
    "on_private_land": False,
    "your_name": "Rita Resident",
    "email": "rita@example.com",
}


def projection_rows() -> dict[str, list[tuple]]:
    from reporting.models import BacklogCohort, CaseFact, DailyCaseFigures, TaskFact
    from reporting.services.projection import DAILY_FIELDS

    daily = DailyCaseFigures.objects.exclude(**dict.fromkeys(DAILY_FIELDS, 0)).order_by(
        "council", "day", "service", "channel"
    )
    return {
        "facts": list(CaseFact.objects.order_by("pk").values_list()),
        "tasks": list(TaskFact.objects.order_by("pk").values_list()),
        "daily": list(daily.values_list("council", "day", "service", "channel", *DAILY_FIELDS)),
        "cohorts": list(
            BacklogCohort.objects.exclude(n=0)
            .order_by("council", "submitted_day", "exit_day", "service", "channel")
            .values_list("council", "submitted_day", "exit_day", "service", "channel", "n")
        ),
    }


def assert_projection_matches_direct_queries(scope: ReportScope, flt: ReportFilter) -> None:
    for group in (None, "council", "service", "channel"):
        from_projection = kpis_compute(scope=scope, flt=flt, group=group, with_total=True)
        direct = kpis_compute(scope=scope, flt=flt, group=group, with_total=True, projection=False)
        assert from_projection == direct, group
    for group in ("officer", "team"):
        from_projection = task_kpis_compute(scope=scope, flt=flt, group=group)
        assert from_projection == task_kpis_compute(scope=scope, flt=flt, group=group, projection=False), group
    assert outcomes_by_stage(scope=scope, flt=flt) == outcomes_by_stage(scope=scope, flt=flt, projection=False)


@pytest.fixture
def lives(demo, submit_missed_bin):
    """Cases taken through the services: submitted on every channel, first responses, resolved, reopened,
    resolved again, confirmed with and without a rating, closed unconfirmed, referred to another council."""
    from casework.models import Case, CaseTask
    from casework.services.notes import case_message_send
    from casework.services.referral import case_refer
    from casework.services.resolution import case_reopen, case_resolution_confirm, cases_close_unconfirmed
    from casework.services.submission import case_submit
    from casework.services.tasks import task_claim, task_complete

    bins = demo.service("riverside", "missed-bin")
    waste, waste2 = demo.user("riverside-waste"), demo.user("riverside-waste2")

    def resolve(case, officer):
        task = CaseTask.objects.get(case=case, is_open=True)
        task_claim(officer, task)
        task_complete(officer, task, outcome="collected")
        return Case.objects.get(pk=case.pk)

    a = resolve(submit_missed_bin(bins), waste)
    a = case_reopen(a, reason="Still full")
    a = resolve(a, waste2)
    case_resolution_confirm(a, satisfaction=4)
    b = resolve(case_submit(service=bins, answers=_bin_answers(), channel="phone"), waste)
    case_resolution_confirm(b)
    c = case_submit(service=bins, answers=_bin_answers(), channel="email")
    case_message_send(
        waste, c, subject="About your bin", body="We are on our way", version=Case.objects.get(pk=c.pk).version
    )
    d = resolve(case_submit(service=bins, answers=_bin_answers(), channel="face_to_face"), waste2)
    cases_close_unconfirmed(now=timezone.now() + dt.timedelta(days=30))
    tipping = case_submit(service=demo.service("riverside", "fly-tipping"), answers=dict(FLY_TIPPING))
    referred = case_refer(
        tipping, to_council=demo.council("hillford"), actor=demo.user("riverside-enviro"), reason="Hillford's lane"
    )
    return {"a": a, "b": b, "c": c, "d": d, "tipping": tipping, "referred": referred}


def _bin_answers() -> dict:
    return {
        "bin_type": "general",
        "collection_date": "2026-11-20",
        "address": "1 High Street, Riverside",
        "postcode": "RD1 2AB",
        "your_name": "Ann Example",
        "email": "ann@example.com",
    }


def this_month() -> ReportFilter:
    today = timezone.localdate()
    return ReportFilter(start=today.replace(day=1), end=today + dt.timedelta(days=1))


def test_the_services_keep_the_projection_equal_to_a_rebuild(demo, lives):
    from reporting.services.projection_fold import projection_fold_all

    # One case is still as submitted: its fact is not yet in the rollups (folded here).
    assert projection_fold_all() == 1
    incremental = projection_rows()
    assert len(incremental["facts"]) == 6
    # a (twice), b and d completed by officers; the fly-tipping case's task closed by its referral.
    assert len(incremental["tasks"]) == 5
    call_command("reporting_rebuild", stdout=io.StringIO())
    assert projection_rows() == incremental


def test_projected_figures_equal_the_direct_queries_after_a_scripted_life(demo, lives):
    both = ReportScope(council_ids=(demo.council("riverside").pk, demo.council("hillford").pk))
    k = kpis_compute(scope=both, flt=this_month(), group="council", with_total=True)
    riverside, hillford = k[demo.council("riverside").pk], k[demo.council("hillford").pk]
    # a, b, c, d and the fly-tipping case received; a (twice), b and d resolved; a reopened once;
    # a, b and the referred case closed this month (d closes unconfirmed 30 days on); c still open.
    assert (riverside["received"], riverside["closed"], riverside["backlog"], riverside["satisfaction_count"]) == (
        5,
        3,
        1,
        1,
    )
    assert riverside["reopen_rate_pct"] == 25.0 and riverside["first_response_median_hours"] is not None
    assert (hillford["received"], hillford["backlog"]) == (1, 1)
    assert_projection_matches_direct_queries(both, this_month())
    from reporting.services.projection_fold import projection_fold_all

    assert projection_fold_all() == 1  # the same figures once the open submissions are in the rollups
    assert kpis_compute(scope=both, flt=this_month(), group="council", with_total=True) == k
    assert_projection_matches_direct_queries(both, this_month())


def test_a_submission_is_on_the_dashboards_at_once_and_counted_once(demo, submit_missed_bin):
    """A submission writes only its uncounted fact; the figures read it at once, the same before and after it is
    folded into the rollups, and a case resolved before or after the fold is counted once."""
    from casework.models import Case, CaseTask
    from casework.services.tasks import task_claim, task_complete
    from reporting.models import BacklogCohort, CaseFact, DailyCaseFigures
    from reporting.selectors.rollups import channel_months
    from reporting.services.projection_fold import projection_fold_all

    scope = ReportScope(council_ids=(demo.council("riverside").pk,))
    bins, waste = demo.service("riverside", "missed-bin"), demo.user("riverside-waste")
    first, second = submit_missed_bin(bins), submit_missed_bin(bins)
    assert list(CaseFact.objects.order_by("pk").values_list("counted", flat=True)) == [False, False]
    assert not DailyCaseFigures.objects.exists() and not BacklogCohort.objects.exists()

    def figures():
        k = kpis_compute(scope=scope, flt=this_month(), group="service", with_total=True)[None]
        return (k["received"], k["backlog"], k["resolved"]), channel_months(scope=scope, flt=this_month())

    month = timezone.localdate().replace(day=1)
    assert figures() == ((2, 2, 0), [(month, "web", 2)])
    assert_projection_matches_direct_queries(scope, this_month())

    def resolve(case):
        task = CaseTask.objects.get(case=case, is_open=True)
        task_claim(waste, task)
        task_complete(waste, task, outcome="collected")
        return Case.objects.get(pk=case.pk)

    resolve(first)  # folded by its own change: the fact is counted, its daily and cohort rows written
    assert CaseFact.objects.get(pk=first.pk).counted and not CaseFact.objects.get(pk=second.pk).counted
    assert figures() == ((2, 1, 1), [(month, "web", 2)])
    assert projection_fold_all() == 1 and projection_fold_all() == 0
    assert figures() == ((2, 1, 1), [(month, "web", 2)])
    resolve(second)  # after the fold: its figures move once
    assert figures() == ((2, 0, 2), [(month, "web", 2)])
    assert_projection_matches_direct_queries(scope, this_month())


def test_seeded_cases_fill_the_projection(demo):
    from casework.models import Case
    from demodata.seeding import seed_cases

    seed_cases(300, log=lambda line: None)
    assert len(projection_rows()["facts"]) == Case.objects.count() >= 300
    scope = ReportScope(council_ids=(demo.council("riverside").pk, demo.council("hillford").pk))
    today = timezone.localdate()
    for start, end in (
        (today - dt.timedelta(days=180), today + dt.timedelta(days=1)),
        (today - dt.timedelta(days=400), today - dt.timedelta(days=100)),
    ):
        assert_projection_matches_direct_queries(scope, ReportFilter(start=start, end=end))


def test_a_backlog_out_of_step_with_the_cases_falls_back_to_reading_them(demo, october):
    from casework.models import Case
    from reporting.filters import month_filter

    scope = ReportScope(council_ids=(demo.council("riverside").pk,))
    Case.objects.filter(pk=october["d"].pk).update(closed_at=None, resolved_at=dt.datetime(2026, 10, 30, tzinfo=dt.UTC))
    k = kpis_compute(scope=scope, flt=month_filter(dt.date(2026, 10, 1)))[None]
    assert k["backlog"] == 1 and k["backlog_age_median_days"] == 6.5  # E alone (25 Oct 12:00), read from the cases
