"""An officer cancels a case from its page: a reason is required, every open task ends, one timeline entry."""

from __future__ import annotations

from casework.models import CaseStatus, CaseTask, EventKind


def test_an_officer_cancels_a_case_from_its_page(officer_client, demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    client = officer_client("riverside-waste")
    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Cancel the case" in page and f"/work/cases/{case.reference}/cancel/" in page

    missing = client.post(f"/work/cases/{case.reference}/cancel/", {"version": case.version, "reason": ""})
    assert missing.status_code == 400 and "Say why the case is being cancelled" in missing.content.decode()
    case.refresh_from_db()
    assert case.case_status == CaseStatus.OPEN

    done = client.post(
        f"/work/cases/{case.reference}/cancel/", {"version": case.version, "reason": "Reported twice"}, follow=True
    )
    assert done.status_code == 200
    page = done.content.decode()
    assert "Cancelled: Reported twice" in page and "outcome: cancelled" in page
    assert "Cancel the case</summary>" not in page  # a finished case offers no cancel
    case.refresh_from_db()
    assert case.case_status == CaseStatus.CLOSED
    assert not CaseTask.objects.filter(case=case, is_open=True).exists()
    assert case.events.filter(kind=EventKind.CLOSED).count() == 1


def test_a_stale_cancel_form_gets_the_conflict_page(officer_client, demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    response = officer_client("riverside-waste").post(
        f"/work/cases/{case.reference}/cancel/", {"version": case.version - 1, "reason": "old"}
    )
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.case_status == CaseStatus.OPEN


def test_an_officer_of_another_council_cannot_cancel(officer_client, demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    response = officer_client("hillford-waste").post(
        f"/work/cases/{case.reference}/cancel/", {"version": case.version, "reason": "x"}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.case_status == CaseStatus.OPEN


PHONED = {
    "title": "Missed bin with a phone-call action",
    "start": "check",
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Collected"}],
            "next": "done",
            "cancel_on": [{"event": "officer_action", "label": "Resident phoned", "next": "call_back"}],
        },
        {
            "id": "call_back",
            "type": "task",
            "title": "Call the resident back",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Done"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def test_an_officer_action_button_on_the_task_page_moves_the_case_on(
    officer_client, demo, submit_missed_bin, publish_workflow
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), PHONED)
    case = submit_missed_bin(service)
    check = CaseTask.objects.get(case=case, step_id="check")
    client = officer_client("riverside-waste")
    page = client.get(f"/work/tasks/{check.pk}/").content.decode()
    assert f'action="/work/tasks/{check.pk}/action/0/"' in page and "Resident phoned" in page

    response = client.post(f"/work/tasks/{check.pk}/action/0/", follow=True)
    assert response.status_code == 200 and "the case moved on (check)" in response.content.decode()
    assert sorted(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["call_back"]
    again = client.post(f"/work/tasks/{check.pk}/action/0/", follow=True)
    assert "already been completed or cancelled" in again.content.decode()
    assert CaseTask.objects.filter(case=case, step_id="call_back").count() == 1
