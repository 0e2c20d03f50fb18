"""Tracking over HTTP: what the resident sees, adding information, and answering "Has this been resolved?"."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casework.events import case_event_record
from casework.models import Attachment, CaseEvent, CaseTask
from casework.services.status import case_end
from casework.services.tasks import task_claim, task_complete
from portal.links import case_tracking_path

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"\x00" * 40
)
WAIT_FOR_RESIDENT = {
    "title": "Missed bin with a question for the resident",
    "start": "check",
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "more", "label": "Need more information"}],
            "next": "ask",
        },
        {
            "id": "ask",
            "type": "wait_for_customer",
            "title": "Wait for the resident",
            "timeout": {"after": {"working_days": 10}, "next": "no_reply"},
            "next": "recheck",
        },
        {
            "id": "recheck",
            "type": "task",
            "title": "Look at the new information",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Done"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
        {"id": "no_reply", "type": "end", "outcome": "withdrawn"},
    ],
}


@pytest.fixture
def case(demo, submit_missed_bin):
    return submit_missed_bin(demo.service("riverside", "missed-bin"), details="<script>alert(1)</script>")


def _resolve(demo, case):
    officer = demo.user("riverside-waste")
    task = CaseTask.objects.get(case=case, is_open=True)
    task_claim(officer, task)
    task_complete(officer, task, outcome="collected")
    case.refresh_from_db()
    assert case.case_status == "resolved"


def test_track_page_shows_plain_status_due_date_and_only_resident_visible_events(demo, case):
    case_event_record(case, "note_added", "Internal: resident sounds cross", actor=demo.user("riverside-waste"))
    case_end(case, outcome="resolved", step={"id": "done", "resident_message": "We collected your bin on Tuesday."})
    page = Client().get(case_tracking_path(case)).content.decode()
    assert case.reference in page and "Resolved – awaiting confirmation" in page
    assert "We think this has been sorted out" in page and "Due by" in page
    assert '<div class="govuk-inset-text">We collected your bin on Tuesday.</div>' in page
    assert "resident sounds cross" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Has this been resolved?" in page


def test_bad_or_altered_links_say_so(demo, case):
    client = Client()
    altered = client.get(case_tracking_path(case).replace("/track/", "/track/x"))
    assert altered.status_code == 404 and "This link is not valid" in altered.content.decode()


def test_adding_information_flags_the_open_task_and_keeps_the_files_private(demo, case):
    client = Client()
    add = case_tracking_path(case) + "add-information/"
    empty = client.post(add, {"information": "  "})
    assert empty.status_code == 400 and "Enter the information you want to add" in empty.content.decode()
    bad = client.post(add, {"information": "hi", "files": [SimpleUploadedFile("x.png", b"MZ\x90\x00 not an image")]})
    assert bad.status_code == 400 and "x.png: The selected file must be a" in bad.content.decode()

    sent = client.post(
        add, {"information": "The bin is behind the gate", "files": [SimpleUploadedFile("gate.png", PNG)]}
    )
    assert sent.status_code == 302 and sent["Location"].endswith("?added=1")
    task = CaseTask.objects.get(case=case, is_open=True)
    assert task.has_new_information
    event = CaseEvent.objects.get(case=case, kind="resident_added_info")
    assert (
        event.resident_visible
        and event.detail["text"] == "The bin is behind the gate"
        and event.detail["flagged_tasks"] == [task.pk]
    )
    assert "the officer has been told" in event.summary
    assert Attachment.objects.get(case=case).uploaded_by_resident
    page = client.get(sent["Location"]).content.decode()
    assert (
        "Your information has been added to the case" in page
        and "The bin is behind the gate" in page
        and "gate.png" in page
    )


def test_adding_information_wakes_a_workflow_waiting_for_the_resident(demo, submit_missed_bin):
    from workflows.services import workflow_definition_new_draft, workflow_definition_publish

    service = demo.service("riverside", "missed-bin")
    draft = workflow_definition_new_draft(service.workflow)
    draft.definition = WAIT_FOR_RESIDENT
    draft.save()
    workflow_definition_publish(draft)
    service.refresh_from_db()
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="more")
    case.refresh_from_db()
    assert case.case_status == "waiting_on_customer"
    assert "Waiting for your reply" in Client().get(case_tracking_path(case)).content.decode()

    Client().post(case_tracking_path(case) + "add-information/", {"information": "It was the blue bin"})
    case.refresh_from_db()
    assert case.case_status == "in_progress"
    assert list(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["recheck"]


def test_adding_information_to_a_closed_case_reopens_it(demo, case):
    _resolve(demo, case)
    client = Client()
    client.post(case_tracking_path(case) + "resolved/", {"resolved": "yes"})
    case.refresh_from_db()
    assert case.case_status == "closed"
    track = client.get(case_tracking_path(case)).content.decode()
    assert "Add information or photos to this case" not in track  # not as if nothing had happened
    assert "This case is closed. If the problem has come back" in track and "Reopen this case" in track
    assert f"contact Riverside District Council and quote your case reference {case.reference}" in track
    page = client.get(case_tracking_path(case) + "add-information/").content.decode()
    assert "Adding information will reopen it" in page
    client.post(case_tracking_path(case) + "add-information/", {"information": "They left half the rubbish"})
    case.refresh_from_db()
    assert case.case_status == "reopened" and case.reopen_count == 1
    task = CaseTask.objects.get(case=case, is_open=True)
    assert task.team.slug == "waste" and task.has_new_information


def test_a_closed_case_says_how_to_reopen_it_in_welsh_too(demo, case):
    council = demo.council("riverside")
    council.welsh_enabled, council.name_cy = True, "Cyngor Dosbarth Glan-yr-afon"
    council.save(update_fields=["welsh_enabled", "name_cy"])
    _resolve(demo, case)
    client = Client()
    client.post(case_tracking_path(case) + "resolved/", {"resolved": "yes"})
    track = client.get(case_tracking_path(case) + "?lang=cy").content.decode()
    assert "Ailagor yr achos hwn" in track and "Mae’r achos hwn ar gau" in track
    assert f"cysylltwch â Cyngor Dosbarth Glan-yr-afon a nodwch gyfeirnod eich achos {case.reference}" in track


def test_resolved_yes_closes_with_satisfaction_and_no_needs_a_reason_then_reopens(demo, case, submit_missed_bin):
    _resolve(demo, case)
    client = Client()
    answer = case_tracking_path(case) + "resolved/"
    nothing = client.post(answer, {})
    assert nothing.status_code == 400 and "Select yes if the problem has been resolved" in nothing.content.decode()
    no_reason = client.post(answer, {"resolved": "no"})
    assert (
        no_reason.status_code == 400
        and 'href="#reason">Tell us what still needs to be done' in no_reason.content.decode()
    )

    reopened = client.post(answer, {"resolved": "no", "reason": "Still not emptied"})
    assert reopened["Location"].endswith("?reopened=1")
    case.refresh_from_db()
    assert case.case_status == "reopened"
    assert CaseTask.objects.get(case=case, is_open=True).team.slug == "waste"
    assert "Reopened: Still not emptied" in client.get(case_tracking_path(case)).content.decode()

    other = submit_missed_bin(demo.service("riverside", "missed-bin"))
    _resolve(demo, other)
    confirmed = client.post(
        case_tracking_path(other) + "resolved/", {"resolved": "yes", "satisfaction": "4", "comment": "Quick"}
    )
    assert confirmed["Location"].endswith("?confirmed=1")
    other.refresh_from_db()
    assert other.case_status == "closed" and other.satisfaction == 4 and other.satisfaction_comment == "Quick"
    assert client.post(case_tracking_path(other) + "resolved/", {"resolved": "no", "reason": "late"}).status_code == 302
    other.refresh_from_db()
    assert other.case_status == "closed"  # the question is only open while the case is resolved
