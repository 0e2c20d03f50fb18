"""The SLA clock on officer pages: extending a due date within the definition's limits, the leaders' late list."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from casework.exceptions import CaseworkError, SubmissionInvalid
from casework.models import Case, CaseEvent
from casework.services.extensions import case_due_extend
from casework.services.sla_breach import cases_sla_sweep
from reporting.filters import ReportFilter
from reporting.scope import report_scope_for
from reporting.selectors.sla import sla_figures
from workflow_builders import end, flow, task

LONDON = ZoneInfo("Europe/London")
EXTENDABLE = flow(task("check"), end(), sla={"working_days": 10}, extensions={"max_working_days": 5, "max_count": 2})


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def extendable_case(demo, submit_missed_bin, publish_workflow, frozen_now):
    service = publish_workflow(demo.service("riverside", "missed-bin"), EXTENDABLE)
    frozen_now(at(2026, 6, 1, 10))
    return submit_missed_bin(service)


def test_an_officer_extends_the_due_date_by_working_days_with_a_reason(demo, extendable_case):
    officer = demo.user("riverside-waste")
    case = extendable_case
    assert case.due_at == at(2026, 6, 15, 10)
    event = case_due_extend(
        officer, case, working_days="3", reason="Waiting for the crew's report", version=case.version
    )
    case.refresh_from_db()
    assert case.due_at == at(2026, 6, 18, 10) and case.extension_count == 1 and case.extended_working_days == 3
    assert event.kind == "due_extended" and event.actor == officer
    assert event.summary == "Due date extended by 3 working days to 18 June 2026: Waiting for the crew's report"


def test_extensions_are_limited_by_the_definition(demo, extendable_case):
    officer = demo.user("riverside-waste")
    case = extendable_case
    with pytest.raises(SubmissionInvalid) as too_many:
        case_due_extend(officer, case, working_days=6, reason="Long", version=case.version)
    assert too_many.value.errors == {"extend_days": "Enter a whole number of working days from 1 to 5"}
    with pytest.raises(SubmissionInvalid) as no_reason:
        case_due_extend(officer, case, working_days=1, reason="  ", version=case.version)
    assert no_reason.value.errors == {"extend_reason": "Enter the reason for the extension"}
    case_due_extend(officer, case, working_days=1, reason="First", version=case.version)
    case.refresh_from_db()
    case_due_extend(officer, case, working_days=1, reason="Second", version=case.version)
    case.refresh_from_db()
    with pytest.raises(SubmissionInvalid) as third:
        case_due_extend(officer, case, working_days=1, reason="Third", version=case.version)
    assert third.value.errors == {"extend_days": "No more extensions are allowed for this case"}
    case.refresh_from_db()
    assert case.extension_count == 2 and case.due_at == at(2026, 6, 17, 10)  # nothing half-saved


def test_a_workflow_without_an_extensions_rule_allows_none(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    with pytest.raises(CaseworkError, match="does not allow extensions"):
        case_due_extend(demo.user("riverside-waste"), case, working_days=1, reason="x", version=case.version)


def test_the_case_page_extends_the_due_date_and_shows_errors_where_they_are(demo, client, extendable_case):
    case = extendable_case
    client.force_login(demo.user("riverside-waste"))
    page = client.get(f"/work/cases/{case.reference}/")
    assert "Working days to add (at most 5)" in page.content.decode()
    refused = client.post(
        f"/work/cases/{case.reference}/extend/", {"version": case.version, "working_days": "x", "reason": "Why"}
    )
    assert refused.status_code == 400
    assert "Enter a whole number of working days from 1 to 5" in refused.content.decode()
    done = client.post(
        f"/work/cases/{case.reference}/extend/", {"version": case.version, "working_days": "2", "reason": "Crew off"}
    )
    assert done.status_code == 302
    timeline = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Due date extended by 2 working days to 17 June 2026: Crew off" in timeline
    assert "extended 1× (2 working days)" in timeline


def test_officers_of_another_council_cannot_extend(demo, client, extendable_case):
    client.force_login(demo.user("hillford-waste"))
    response = client.post(
        f"/work/cases/{extendable_case.reference}/extend/",
        {"version": extendable_case.version, "working_days": "2", "reason": "x"},
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=extendable_case.pk).extension_count == 0


def test_reporting_counts_extensions_and_breaches(demo, extendable_case, frozen_now):
    officer = demo.user("riverside-waste")
    case_due_extend(officer, extendable_case, working_days=2, reason="x", version=extendable_case.version)
    frozen_now(at(2026, 6, 30, 10))
    assert cases_sla_sweep() == 2  # the case and its task
    # Events are stamped with the real clock (CaseEvent.at's default is bound at import, not frozen).
    today = dt.date.today()
    period = ReportFilter(start=today - dt.timedelta(days=1), end=today + dt.timedelta(days=1))
    figures = sla_figures(scope=report_scope_for(demo.user("riverside-manager")), flt=period)
    assert figures == {"extensions": 1, "cases_extended": 1, "extended_working_days": 2, "cases_breached": 1}
    assert sla_figures(scope=report_scope_for(demo.user("hillford-manager")), flt=period)["extensions"] == 0
    earlier = ReportFilter(start=today - dt.timedelta(days=30), end=today - dt.timedelta(days=1))
    assert sla_figures(scope=report_scope_for(demo.user("riverside-manager")), flt=earlier)["extensions"] == 0


def test_leaders_see_breached_and_at_risk_cases_of_their_council_only(
    demo, client, submit_missed_bin, publish_workflow, frozen_now
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), EXTENDABLE)
    frozen_now(at(2026, 6, 1, 10))
    late = submit_missed_bin(service)
    frozen_now(at(2026, 6, 12, 10))
    soon = submit_missed_bin(service)
    Case.objects.filter(pk=soon.pk).update(due_at=at(2026, 6, 15, 14))
    frozen_now(at(2026, 6, 15, 11))  # `late` was due at 10:00; `soon` is due in 3 working hours
    cases_sla_sweep()
    assert CaseEvent.objects.filter(case=late, kind="sla_breached", task__isnull=True).count() == 1

    client.force_login(demo.user("riverside-leader"))
    page = client.get("/work/late/")
    assert page.status_code == 200
    assert [c.reference for c in page.context["breached"]] == [late.reference]
    assert [c.reference for c in page.context["at_risk"]] == [soon.reference]
    assert late.reference in [t.case.reference for t in page.context["late_tasks"]]

    client.force_login(demo.user("hillford-leader"))
    other = client.get("/work/late/")
    assert other.status_code == 200 and other.context["breached"] == [] and other.context["at_risk"] == []

    client.force_login(demo.user("riverside-waste"))
    refused = client.get("/work/late/")
    assert refused.status_code == 403 and "Only team leaders see this list" in refused.content.decode()
