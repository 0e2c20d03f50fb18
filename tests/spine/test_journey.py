"""The spine's whole journey through real HTTP requests: resident submits, officer works, resident sees the outcome."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from viewflow.workflow.models import Task

from casework.models import Case, CaseEvent, CaseTask

pytestmark = pytest.mark.django_db(transaction=False)

GOOD_POST = {
    "bin_type": "recycling",
    "collection_date-day": "20",
    "collection_date-month": "11",
    "collection_date-year": "2026",
    "bin_out_by_7am": "true",
    "address": "12 Mill Lane, Riverside",
    "postcode": "rd1 4xy",
    "your_name": "Ann Example",
    "email": "ann@example.com",
    "submission_token": "token-journey-1",
}


def test_resident_sees_the_service_list_and_start_page(demo):
    client = Client()
    services = client.get("/riverside/")
    assert services.status_code == 200
    assert "Report a missed bin collection" in services.content.decode()
    start = client.get("/riverside/missed-bin/")
    assert "Start now" in start.content.decode()
    form = client.get("/riverside/missed-bin/apply/")
    page = form.content.decode()
    assert 'name="bin_type"' in page and "Recycling (blue lid)" in page
    assert 'name="collection_date-day"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_bad_answers_get_field_errors_and_save_nothing(demo):
    client = Client()
    bad = {
        **GOOD_POST,
        "bin_type": "",
        "collection_date-day": "31",
        "collection_date-month": "2",
        "postcode": "not a postcode",
        "email": "ann-at-example",
    }
    response = client.post("/riverside/missed-bin/apply/", bad)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Select which bin was missed" in page
    assert "Enter a real postcode, like RD1 2AB" in page
    assert "must be a real date" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="12 Mill Lane, Riverside"' not in page  # textarea keeps the answer as text content instead
    assert "12 Mill Lane, Riverside" in page
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert Task.objects.count() == 0


def test_whole_journey_submit_claim_complete_and_track(demo):
    resident = Client()
    response = resident.post("/riverside/missed-bin/apply/", GOOD_POST)
    assert response.status_code == 302
    tracking_url = response["Location"]
    confirmation = resident.get(tracking_url).content.decode()
    reference = re.search(r"RDC-\d{4}-\d{6}", confirmation).group(0)
    assert "Report sent" in confirmation
    case = Case.objects.get(reference=reference)
    assert case.answers["postcode"] == "rd1 4xy" and case.answers["bin_out_by_7am"] is True
    assert case.customer.email == "ann@example.com"

    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    inbox = officer.get("/work/").content.decode()
    task = CaseTask.objects.get(case=case, is_open=True)
    assert reference in inbox and "Waste and recycling queue" in inbox

    assert officer.post(f"/work/tasks/{task.pk}/claim/").status_code == 302
    inbox = officer.get("/work/").content.decode()
    my_tasks = inbox.split("My tasks")[1].split("queue")[0]
    assert reference in my_tasks

    case_page = officer.get(f"/work/cases/{reference}/").content.decode()
    assert "Recycling (blue lid)" in case_page and "Being worked on" in case_page
    assert "Task “Check the missed collection with the crew” added to the Waste and recycling queue" in case_page

    assert officer.post(f"/work/tasks/{task.pk}/", {"outcome": "collected"}).status_code == 302
    case.refresh_from_db()
    assert case.case_status == "resolved" and case.outcome == "resolved"
    assert case.outcomes == {"check": "collected"}

    tracking = resident.get(tracking_url.split("?")[0]).content.decode()
    assert "Resolved – awaiting confirmation" in tracking
    # The resident reads the outcome's resident_label, never the officers' label ("Collected").
    assert "We dealt with your case: We collected your bin" in tracking and "Resolved: Collected" not in tracking
    assert CaseEvent.objects.get(case=case, kind="resolved").summary == "Resolved: Collected"  # the officers' timeline
    assert "claimed" not in tracking  # officer-only events stay internal

    kinds = list(CaseEvent.objects.filter(case=case).order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [
        "submitted",
        "task_created",
        "message_sent",
        "task_claimed",
        "status_changed",
        "task_completed",
        "message_sent",
        "resolved",
    ]


def test_outcome_routes_the_workflow_to_another_task(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    task = CaseTask.objects.get(case=case)
    officer.post(f"/work/tasks/{task.pk}/claim/")
    officer.post(f"/work/tasks/{task.pk}/", {"outcome": "not_our_round"})
    case.refresh_from_db()
    assert case.case_status == "waiting_on_back_office"
    follow_up = CaseTask.objects.get(case=case, is_open=True)
    assert follow_up.step_id == "reroute" and follow_up.required_role == "team_leader"

    refused = officer.post(f"/work/tasks/{follow_up.pk}/claim/", follow=True).content.decode()
    assert "as a team leader" in refused
    leader = Client()
    leader.force_login(demo.user("riverside-leader"))
    leader.post(f"/work/tasks/{follow_up.pk}/claim/")
    follow_up.task.refresh_from_db()
    assert follow_up.task.owner.username == "riverside-leader"


def test_completing_without_an_outcome_shows_an_error(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    task = CaseTask.objects.get(case=case)
    officer.post(f"/work/tasks/{task.pk}/claim/")
    response = officer.post(f"/work/tasks/{task.pk}/", {})
    assert response.status_code == 400 and "Select an outcome" in response.content.decode()
    assert CaseTask.objects.get(pk=task.pk).is_open
