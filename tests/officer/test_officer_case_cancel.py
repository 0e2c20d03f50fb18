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
