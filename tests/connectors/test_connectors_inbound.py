"""Inbound webhooks: a signed reply advances a waiting case once; every bad request changes nothing."""

from __future__ import annotations

import time

import pytest

from casework.models import CaseEvent, CaseTask
from connector_helpers import drain, signed_post
from connectors.models import Delivery, InboundEvent

KEY = "inbound-signing-key"
URL = "/hooks/riverside/crm/"
SEND_AND_WAIT = {
    "title": "Missed bin via the CRM",
    "start": "ask_crm",
    "connectors": [{"slot": "crm", "type": "rest"}],
    "steps": [
        {
            "id": "ask_crm",
            "type": "wait_for_reply",
            "connector": "crm",
            "timeout": {"after": {"hours": 48}, "next": "chase"},
            "next": "done",
        },
        {
            "id": "chase",
            "type": "task",
            "title": "Chase",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Ok"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


@pytest.fixture
def waiting_case(demo, back_office, rest_connector, publish_workflow, submit_missed_bin, fast_retries):
    """A case whose workflow sent its request to the CRM and now waits for the CRM's webhook."""
    connector = rest_connector(response_mapping=None)
    connector.secrets = {**connector.secrets, "inbound_signing_key": KEY}
    connector.save()
    service = publish_workflow(demo.service("riverside", "missed-bin"), SEND_AND_WAIT)
    case = submit_missed_bin(service)
    drain()
    case.refresh_from_db()
    assert case.case_status == "waiting_on_back_office"
    return case


def _snapshot(case):
    case.refresh_from_db()
    return (
        case.case_status,
        case.version,
        dict(case.task_answers),
        CaseEvent.objects.filter(case=case).count(),
        InboundEvent.objects.count(),
    )


def test_signed_reply_advances_the_waiting_case_and_a_replay_has_no_second_effect(client, waiting_case):
    delivery = Delivery.objects.get(case=waiting_case, purpose="ask_crm")
    assert delivery.status == "sent"
    event = {
        "event_id": "evt-1",
        "case_reference": waiting_case.reference,
        "delivery_key": str(delivery.idempotency_key),
        "data": {"crm_id": "C-77"},
    }

    response = signed_post(client, URL, event, key=KEY)

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "applied" and response.json()["resumed"] is True
    waiting_case.refresh_from_db()
    assert waiting_case.case_status == "resolved"
    assert waiting_case.task_answers["_connectors"]["crm"] == {"crm_id": "C-77"}
    assert (
        CaseEvent.objects.filter(case=waiting_case, kind="connector_acknowledged", detail__event_id="evt-1").count()
        == 1
    )

    before = _snapshot(waiting_case)
    replay = signed_post(client, URL, event, key=KEY)
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    assert _snapshot(waiting_case) == before


def test_reply_without_delivery_key_finds_the_waiting_delivery(client, waiting_case):
    response = signed_post(
        client, URL, {"event_id": "e2", "case_reference": waiting_case.reference, "data": {"crm_id": "X"}}, key=KEY
    )
    assert response.status_code == 200 and response.json()["resumed"] is True
    assert not CaseTask.objects.filter(case=waiting_case, is_open=True).exists()


@pytest.mark.parametrize(
    ("kind", "status", "message"),
    [
        ("bad-signature", 401, "Bad or missing signature"),
        ("stale-timestamp", 401, "Stale timestamp"),
        ("unknown-case", 404, "Unknown case"),
        ("malformed-body", 400, "Body is not valid JSON"),
        ("missing-event-id", 400, "'event_id' is required"),
        ("oversized-body", 413, "Body larger than"),
    ],
)
def test_bad_requests_get_their_status_and_change_nothing(client, waiting_case, settings, kind, status, message):
    settings.CONNECTOR_WEBHOOK_MAX_BYTES = 4096
    good = {"event_id": "evt-bad", "case_reference": waiting_case.reference, "data": {"crm_id": "C-1"}}
    before = _snapshot(waiting_case)
    if kind == "bad-signature":
        response = signed_post(client, URL, good, key=KEY, signature="sha256=" + "0" * 64)
    elif kind == "stale-timestamp":
        response = signed_post(client, URL, good, key=KEY, timestamp=int(time.time()) - 3600)
    elif kind == "unknown-case":
        response = signed_post(client, URL, {**good, "case_reference": "NOPE-1"}, key=KEY)
    elif kind == "malformed-body":
        response = signed_post(client, URL, b'{"event_id": "x", ', key=KEY)
    elif kind == "missing-event-id":
        response = signed_post(client, URL, {"case_reference": waiting_case.reference}, key=KEY)
    else:
        response = signed_post(client, URL, {**good, "data": {"blob": "x" * 5000}}, key=KEY)

    assert response.status_code == status and message in response.json()["error"]
    assert _snapshot(waiting_case) == before


def test_unknown_connector_is_404_and_get_is_refused(client, waiting_case):
    assert signed_post(client, "/hooks/hillford/crm/", {"event_id": "1"}, key=KEY).status_code == 404
    assert client.get(URL).status_code == 405


def test_health_page_shows_dead_letters_to_staff_of_the_council_only(client, demo, rest_connector, riverside_case):
    from connectors.services import connector_call_enqueue

    connector_call_enqueue(riverside_case, slot="missing", step_id="s", reply_task_id=None)
    rest_connector()
    client.force_login(demo.user("riverside-designer"))
    health = client.get("/hooks/health/").json()
    assert [(r["council"], r["connector"], r["dead"]) for r in health["connectors"]] == [("riverside", "crm", 0)]
    assert health["unbound_dead"] == 1
    client.force_login(demo.user("hillford-waste"))
    assert client.get("/hooks/health/").status_code == 302  # not staff: sent to the admin login


def _nested(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[" * 100_000, "Body is nested deeper than the limit of 64 levels (JSON_MAX_DEPTH) at line 1 column 65"),
        ("deep-data", "Body is nested deeper than the limit of 64 levels (JSON_MAX_DEPTH) at line 1 column"),
        (
            b'{"event_id": ' + b"9" * 5000 + b"}",
            "Body is not valid JSON: a number is longer than the limit of 4300 digits",
        ),
    ],
    ids=["brackets", "deep-data", "long-number"],
)
def test_hostile_json_with_a_valid_signature_is_a_400_and_changes_nothing(client, waiting_case, body, message):
    if body == "deep-data":
        body = {"event_id": "evt-deep", "case_reference": waiting_case.reference, "data": _nested(100)}
    before = _snapshot(waiting_case)
    response = signed_post(client, URL, body, key=KEY)
    assert response.status_code == 400 and message in response.json()["error"]
    assert _snapshot(waiting_case) == before
