"""API writes go through the officer pages' services: what a client does shows on the officer's case page,
creates are idempotent, bad input is a 400 naming each field's path, and nothing is half-saved."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.models import Case, CaseEvent, CaseTask, EventKind
from connectors.models import Delivery
from councils.models import Team, TeamMembership

MISSED_BIN = {
    "bin_type": "general",
    "collection_date": "2026-11-20",
    "address": "1 High Street, Riverside",
    "postcode": "RD1 2AB",
    "your_name": "Ann Example",
    "email": "ann@example.com",
}


@pytest.fixture
def officer_page(demo):
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    return lambda reference: officer.get(f"/work/cases/{reference}/").content.decode()


def test_a_case_created_by_the_api_is_on_the_officers_page_and_a_repeat_returns_it(demo, bearer, officer_page):
    crm = bearer("riverside", "cases:read", "cases:write", name="Riverside Contact Centre")
    body = {"service": "missed-bin", "answers": MISSED_BIN, "channel": "phone"}

    made = crm.post("/api/v1/cases/", body, HTTP_IDEMPOTENCY_KEY="call-4411")
    assert made.status_code == 201, made.content
    reference = made.json()["reference"]
    assert made.json()["channel"] == "phone" and made.json()["tasks"][0]["step_id"] == "check"
    again = crm.post("/api/v1/cases/", body, HTTP_IDEMPOTENCY_KEY="call-4411")
    assert again.status_code == 200 and again.json()["reference"] == reference
    assert Case.objects.filter(service__slug="missed-bin", council__slug="riverside").count() == 1
    other = crm.post("/api/v1/cases/", body, HTTP_IDEMPOTENCY_KEY="call-4412")
    assert other.status_code == 201 and other.json()["reference"] != reference

    page = officer_page(reference)
    assert "submitted by phone" in page and "Riverside Contact Centre" in page
    case = Case.objects.get(reference=reference)
    assert case.council.slug == "riverside" and case.customer.email == "ann@example.com"
    assert Delivery.objects.filter(case=case, purpose="confirmation").count() == 1  # same receipt as the portal's


def test_invalid_answers_are_a_400_naming_each_path_and_save_nothing(demo, bearer):
    crm = bearer("riverside", "cases:write")
    before = Case.objects.count()
    bad = crm.post("/api/v1/cases/", {"service": "missed-bin", "answers": {**MISSED_BIN, "bin_type": "piano"}})
    assert bad.status_code == 400
    problem = bad.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert [e["path"] for e in problem["errors"]] == ["answers.bin_type"]
    missing = crm.post("/api/v1/cases/", {"service": "missed-bin", "answers": {}, "channel": "pigeon"})
    paths = {e["path"] for e in missing.json()["errors"]}
    assert missing.status_code == 400 and paths == {"channel"}
    nowhere = crm.post("/api/v1/cases/", {"service": "no-such-service", "answers": MISSED_BIN})
    assert nowhere.status_code == 400 and nowhere.json()["errors"][0]["path"] == "service"
    assert Case.objects.count() == before


def test_a_note_and_a_message_show_on_the_timeline_and_a_stale_version_is_a_409(
    demo, bearer, submit_missed_bin, officer_page
):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    crm = bearer("riverside", "cases:write", name="Riverside Contact Centre")

    note = crm.post(f"/api/v1/cases/{case.reference}/notes/", {"text": "Resident rang again: bin still out"})
    assert note.status_code == 201 and note.json()["kind"] == EventKind.NOTE_ADDED
    message = crm.post(
        f"/api/v1/cases/{case.reference}/messages/", {"subject": "Your bin", "body": "The crew comes back tomorrow."}
    )
    assert message.status_code == 201, message.content
    page = officer_page(case.reference)
    assert "Resident rang again: bin still out" in page and "Email queued: Your bin" in page
    assert Delivery.objects.filter(case=case, purpose="officer_message", payload__to=["ann@example.com"]).exists()

    stale = crm.post(f"/api/v1/cases/{case.reference}/notes/", {"text": "late", "version": 1})
    assert stale.status_code == 409 and "version" in stale.json()["detail"]
    empty = crm.post(f"/api/v1/cases/{case.reference}/notes/", {"text": "   "})
    assert empty.status_code == 400 and empty.json()["errors"][0]["path"] == "text"


def test_completing_a_task_needs_the_team_like_an_officer_and_then_moves_the_workflow(
    demo, bearer, submit_missed_bin, officer_page
):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    crm = bearer("riverside", "tasks", name="Round Sheet System")
    task = CaseTask.objects.get(case=case, step_id="check")
    url = f"/api/v1/tasks/{task.pk}/complete/"

    refused = crm.post(url, {"outcome": "collected"})
    assert refused.status_code == 403 and "Only members of" in refused.json()["detail"]
    task.refresh_from_db()
    assert task.is_open and task.task.owner_id is None  # the refused claim left nothing behind

    TeamMembership.objects.create(
        team=Team.objects.get(council__slug="riverside", slug="waste"), user=crm.client_row.user
    )
    wrong = crm.post(url, {"outcome": "lost"})
    assert wrong.status_code == 400 and [e["path"] for e in wrong.json()["errors"]] == ["outcome"]
    done = crm.post(url, {"outcome": "collected"})
    assert done.status_code == 200, done.content
    assert done.json()["is_open"] is False and done.json()["outcome"] == "collected"
    again = crm.post(url, {"outcome": "collected"})
    assert again.status_code == 409
    case.refresh_from_db()
    assert case.outcomes == {"check": "collected"}
    assert "completed: Collected" in officer_page(case.reference)
    assert CaseEvent.objects.filter(case=case, kind=EventKind.TASK_COMPLETED, actor=crm.client_row.user).exists()


def test_writes_need_the_write_scope_a_token_and_the_clients_own_council(demo, bearer, submit_missed_bin):
    theirs = submit_missed_bin(demo.service("hillford", "missed-bin"))
    reader = bearer("riverside", "cases:read")
    refused = reader.post("/api/v1/cases/", {"service": "missed-bin", "answers": MISSED_BIN})
    assert refused.status_code == 403 and refused.json()["detail"] == "This token lacks the scope cases:write."
    writer = bearer("riverside", "cases:write")
    assert writer.post(f"/api/v1/cases/{theirs.reference}/notes/", {"text": "x"}).status_code == 404
    officer = Client()
    officer.force_login(demo.user("riverside-waste"))
    assert officer.post("/api/v1/cases/", {}, content_type="application/json").status_code == 403
    assert not CaseEvent.objects.filter(case=theirs, kind=EventKind.NOTE_ADDED).exists()
