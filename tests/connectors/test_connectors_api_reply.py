"""A back office replies to a waiting connector step through the API (bearer token) instead of its signed webhook:
the case goes on once, a replay changes nothing, and another council's client cannot reach the case."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from api.services import api_client_register
from casework.models import CaseEvent
from connector_helpers import drain
from connectors.models import Delivery

SEND_AND_WAIT = {
    "title": "Missed bin via the CRM",
    "start": "ask_crm",
    "connectors": [{"slot": "crm", "type": "rest"}],
    "steps": [
        {"id": "ask_crm", "type": "wait_for_reply", "connector": "crm", "next": "done"},
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def _token(demo, council: str, *scopes: str) -> str:
    row, secret = api_client_register(council=demo.council(council), name=f"{council} CRM", scopes=list(scopes))
    basic = base64.b64encode(f"{row.application.client_id}:{secret}".encode()).decode()
    answer = Client().post(
        "/api/oauth/token/", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}"
    )
    return answer.json()["access_token"]


def _reply(token: str, reference: str, body: dict):
    return Client().post(
        f"/api/v1/cases/{reference}/replies/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def waiting_case(demo, back_office, rest_connector, publish_workflow, submit_missed_bin, fast_retries):
    rest_connector(response_mapping=None)
    case = submit_missed_bin(publish_workflow(demo.service("riverside", "missed-bin"), SEND_AND_WAIT))
    drain()
    case.refresh_from_db()
    assert case.case_status == "waiting_on_back_office"
    return case


def test_an_api_reply_resumes_the_waiting_step_once(demo, waiting_case):
    token = _token(demo, "riverside", "cases:write")
    delivery = Delivery.objects.get(case=waiting_case, purpose="ask_crm")
    body = {
        "connector": "crm",
        "event_id": "crm-1",
        "data": {"crm_id": "C-77"},
        "delivery_key": str(delivery.idempotency_key),
    }

    first = _reply(token, waiting_case.reference, body)
    again = _reply(token, waiting_case.reference, body)

    assert first.status_code == 200, first.content
    assert first.json()["status"] == "applied" and first.json()["resumed"] is True
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    waiting_case.refresh_from_db()
    assert waiting_case.case_status == "resolved"
    assert waiting_case.task_answers["_connectors"]["crm"] == {"crm_id": "C-77"}
    assert CaseEvent.objects.filter(case=waiting_case, kind="connector_acknowledged").count() == 1


def test_bad_replies_name_the_problem_and_change_nothing(demo, waiting_case):
    token = _token(demo, "riverside", "cases:write")
    unknown = _reply(token, waiting_case.reference, {"connector": "nope", "event_id": "e", "data": {}})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["path"] == "connector"
    missing = _reply(token, waiting_case.reference, {"connector": "crm", "data": []})
    assert missing.status_code == 400
    assert {e["path"] for e in missing.json()["errors"]} == {"event_id", "data"}
    stale = _reply(
        token,
        waiting_case.reference,
        {"connector": "crm", "event_id": "e2", "data": {}, "delivery_key": "0b7e8c8e-0000-4000-8000-000000000000"},
    )
    assert stale.status_code == 404 and "Unknown delivery_key" in stale.json()["detail"]
    read_only = _reply(_token(demo, "riverside", "cases:read"), waiting_case.reference, {"connector": "crm"})
    assert read_only.status_code == 403
    waiting_case.refresh_from_db()
    assert waiting_case.case_status == "waiting_on_back_office"


def test_another_councils_client_cannot_reply_to_the_case(demo, waiting_case):
    token = _token(demo, "hillford", "cases:write")
    answer = _reply(token, waiting_case.reference, {"connector": "crm", "event_id": "x", "data": {}})
    assert answer.status_code == 404
    waiting_case.refresh_from_db()
    assert waiting_case.case_status == "waiting_on_back_office"
