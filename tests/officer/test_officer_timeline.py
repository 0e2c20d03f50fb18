"""A scripted life of a case leaves exactly its events on the timeline, in order, with field diffs."""

from __future__ import annotations

from casework.models import CaseTask
from casework.services.editing import case_answers_edit
from casework.services.notes import case_message_send, case_note_add
from casework.services.officer_resolution import case_resolve
from casework.services.resolution import case_reopen, case_resolution_confirm
from casework.services.tasks import task_claim
from connectors.models import Delivery


def _v(case):
    case.refresh_from_db()
    return case.version


def test_scripted_life_yields_exactly_its_events_in_order(demo, submit_missed_bin, officer_client):
    sam = demo.user("riverside-waste")
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    task_claim(sam, CaseTask.objects.get(case=case, is_open=True))
    case_note_add(sam, case, text="Crew says the lane was blocked", version=_v(case))
    case_answers_edit(
        sam, case, answers={**case.answers, "bin_type": "recycling", "details": "Blue bin"}, version=_v(case)
    )
    case_message_send(sam, case, subject="About your bin", body="We are sending the crew back.", version=_v(case))
    case_resolve(sam, case, version=_v(case), message="Collected this morning.")
    case_reopen(case, reason="Still full")
    alex = demo.user("riverside-waste2")
    task_claim(alex, CaseTask.objects.get(case=case, is_open=True))
    case_resolve(alex, case, version=_v(case), message="")
    case_resolution_confirm(case, satisfaction=5)

    events = list(case.events.order_by("at", "pk"))
    assert [e.kind for e in events] == [
        "submitted",
        "task_created",
        "message_sent",  # the confirmation email with the tracking link
        "task_claimed",
        "status_changed",
        "note_added",
        "data_changed",
        "message_sent",
        "message_sent",
        "task_completed",
        "message_sent",
        "resolved",  # officer's message, task, workflow's notify, end
        "reopened",
        "due_recomputed",  # the workflow's sla again, from the reopening
        "task_created",
        "task_claimed",
        "task_completed",
        "message_sent",
        "resolved",
        "resident_confirmed",
        "closed",
    ]
    diff = events[6].detail["diff"]
    assert diff == [
        {"field": "bin_type", "before": "general", "after": "recycling"},
        {"field": "details", "before": None, "after": "Blue bin"},
    ]
    assert events[5].actor == sam and events[5].detail["text"] == "Crew says the lane was blocked"
    assert events[12].actor is None and events[12].actor_label == "Resident"
    assert Delivery.objects.filter(case=case, purpose__in=["officer_message", "officer_resolve"]).count() == 2

    # The page shows them newest first, with who, and the diff field by field with the form's labels.
    page = officer_client("riverside-waste").get(f"/work/cases/{case.reference}/")
    assert page.status_code == 200
    html = page.content.decode().split('id="timeline"')[1]
    assert html.index("Resident confirmed resolution") < html.index("Internal note") < html.index("Submitted</span>")
    assert "Which bin was missed?" in html and "General waste (black lid)" in html and "Recycling (blue lid)" in html
    only_notes = (
        officer_client("riverside-waste").get(f"/work/cases/{case.reference}/?kind=note_added").content.decode()
    )
    assert "lane was blocked" in only_notes and "Answers changed" not in only_notes.split('id="timeline"')[1]
