"""Withdrawing a request from the tracking page over HTTP: confirm page, withdrawal, refusal, Welsh, CSRF."""

from __future__ import annotations

from django.test import Client
from viewflow.workflow.status import PROCESS

from casework.models import CaseStatus, CaseTask, EventKind
from casework.services.cancellation import case_cancel
from casework.services.tasks import task_claim, task_complete
from portal.links import case_tracking_path

BOOKED = {
    "title": "Missed bin, crew booked",
    "start": "check",
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Book the crew"}],
            "next": "book",
        },
        {"id": "book", "type": "set_status", "status": "waiting_on_back_office", "next": "visit"},
        {
            "id": "visit",
            "type": "task",
            "title": "Visit",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Done"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
    "withdrawal": {"before_status": "waiting_on_back_office", "resident_message": "We have stopped your request."},
}


def test_the_resident_confirms_and_withdraws_from_the_tracking_page(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), BOOKED)
    case = submit_missed_bin(service)
    track = case_tracking_path(case)
    client = Client()
    page = client.get(track).content.decode()
    assert f'href="{track}withdraw/"' in page and "Withdraw your request" in page

    confirm = client.get(f"{track}withdraw/")
    assert confirm.status_code == 200
    assert "Are you sure you want to withdraw your request?" in confirm.content.decode()
    assert case.case_status == CaseStatus.OPEN  # looking changes nothing

    response = client.post(f"{track}withdraw/", {"reason": "It was collected"})
    assert response.status_code == 302 and response["Location"] == f"{track}?withdrawn=1"
    case.refresh_from_db()
    assert (case.case_status, case.outcome, case.status) == (CaseStatus.CLOSED, "withdrawn", PROCESS.CANCELED)
    assert not CaseTask.objects.filter(case=case, is_open=True).exists()
    after = client.get(response["Location"]).content.decode()
    assert "You have withdrawn your request" in after and "You withdrew your request" in after
    assert "We have stopped your request." in after  # the workflow's message
    assert "withdraw/" not in after and "Reopen this case" not in after and "Make a new request" in after
    assert case.events.filter(kind=EventKind.CLOSED).count() == 1


def test_too_late_to_withdraw_is_explained_and_nothing_changes(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), BOOKED)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    track = case_tracking_path(case)
    client = Client()

    assert "withdraw/" not in client.get(track).content.decode()
    page = client.get(f"{track}withdraw/").content.decode()
    assert "You cannot withdraw this request" in page and "the work has been arranged" in page
    assert 'name="reason"' not in page  # no form to post
    response = client.post(f"{track}withdraw/", {"reason": "too late?"})
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.case_status == CaseStatus.WAITING_ON_BACK_OFFICE
    assert CaseTask.objects.get(case=case, step_id="visit").is_open


def test_a_long_reason_is_an_error_on_the_field_and_nothing_is_saved(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    track = case_tracking_path(case)
    response = Client().post(f"{track}withdraw/", {"reason": "x" * 2001})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#reason"' in page and "2,000 characters or fewer" in page
    case.refresh_from_db()
    assert case.case_status == CaseStatus.OPEN


def test_the_withdraw_form_needs_its_csrf_token(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    response = Client(enforce_csrf_checks=True).post(f"{case_tracking_path(case)}withdraw/", {"reason": ""})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.case_status == CaseStatus.OPEN


def test_an_altered_link_cannot_withdraw(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    track = case_tracking_path(case)
    response = Client().post(track.rstrip("/") + "x/withdraw/")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.case_status == CaseStatus.OPEN


def test_a_welsh_resident_withdraws_in_welsh(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("hillford", "missed-bin"), language="cy")
    track = case_tracking_path(case)
    client = Client()
    confirm = client.get(f"{track}withdraw/").content.decode()
    assert "Ydych chi’n siŵr eich bod am dynnu’ch cais yn ôl?" in confirm and "Tynnu’r cais yn ôl" in confirm
    after = client.get(client.post(f"{track}withdraw/")["Location"]).content.decode()
    assert "Rydych wedi tynnu’ch cais yn ôl" in after and "Gwnaethoch dynnu’ch cais yn ôl" in after


def test_a_case_an_officer_cancelled_tells_the_resident_without_the_reason(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    case_cancel(demo.user("riverside-waste"), case, version=case.version, reason="Duplicate of a phone report")
    page = Client().get(case_tracking_path(case)).content.decode()
    assert "We cancelled your request" in page and "Duplicate of a phone report" not in page
    assert "We cancelled this request, so it cannot be reopened." in page
