"""Outbox + worker against a real HTTP back office on 127.0.0.1: retries, dead letters, errors."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from casework.models import CaseEvent
from connector_helpers import drain
from connectors.models import Delivery
from connectors.services import connector_call_enqueue
from connectors.worker import deliveries_send_due


def _events(case, kind):
    return list(CaseEvent.objects.filter(case=case, kind=kind))


def test_500_three_times_then_200_is_delivered_once_with_attempts_and_backoff_recorded(
    back_office, rest_connector, riverside_case, fast_retries
):
    rest_connector()
    back_office.script = [(500, {"error": "db down"}, 0)] * 3
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="send_to_crm", reply_task_id=None)

    drain()

    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 4
    assert [entry["attempt"] for entry in delivery.attempt_log] == [1, 2, 3]
    assert all("HTTP 500" in entry["error"] and entry["backoff_seconds"] >= 0 for entry in delivery.attempt_log)
    assert back_office.applied == [str(delivery.idempotency_key)] and len(back_office.requests) == 4
    sent_body = json.loads(back_office.requests[-1]["body"])
    assert sent_body == {"kind": "missed-bin", "postcode": "RD1 2AB", "ref": riverside_case.reference}
    assert back_office.requests[-1]["headers"]["Authorization"] == "Bearer s3cret-token"
    assert len(_events(riverside_case, "connector_sent")) == 1
    acknowledged = _events(riverside_case, "connector_acknowledged")
    assert acknowledged and acknowledged[0].detail["data"] == {"backoffice_reference": "BO-1"}
    riverside_case.refresh_from_db()
    assert riverside_case.task_answers["_connectors"]["crm"] == {"backoffice_reference": "BO-1"}


def test_back_office_down_dead_letters_then_admin_retry_delivers(
    back_office, rest_connector, riverside_case, fast_retries, demo, client
):
    rest_connector(max_attempts=3)
    back_office.script = [(503, {"error": "maintenance"}, 0)] * 3
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="send_to_crm", reply_task_id=None)

    drain()
    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.attempts == 3
    assert "HTTP 503" in delivery.last_error
    assert len(_events(riverside_case, "connector_failed")) == 1 and not back_office.applied

    client.force_login(demo.user("riverside-designer"))
    health = client.get("/admin/connectors/connector/")
    assert health.status_code == 200 and b"Dead letters" in health.content
    response = client.post(
        "/admin/connectors/delivery/", {"action": "retry_deliveries", "_selected_action": [delivery.pk]}
    )
    assert response.status_code == 302
    drain()

    delivery.refresh_from_db()
    assert delivery.status == "sent" and back_office.applied == [str(delivery.idempotency_key)]
    assert any("retried_by" in entry for entry in delivery.attempt_log)
    assert len(_events(riverside_case, "connector_sent")) == 1


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ([(200, {"reference": "late"}, 1.5)], "Timed out after 0.3s"),
        ([(200, "<html>not json</html>", 0)], "Invalid JSON in the HTTP 200 response"),
    ],
    ids=["timeout", "invalid-json"],
)
def test_timeout_and_invalid_json_are_retried_then_dead_lettered_with_a_clear_error(
    back_office, rest_connector, riverside_case, fast_retries, script, expected
):
    rest_connector(max_attempts=2, timeout=0.3)
    back_office.script = script * 2
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)

    drain()

    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.attempts == 2
    assert expected in delivery.last_error and expected in delivery.attempt_log[0]["error"]


def test_connection_refused_is_retried_then_dead_lettered(rest_connector, riverside_case, fast_retries):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    rest_connector(max_attempts=2, url=f"http://127.0.0.1:{port}/cases")
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)

    drain()

    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.attempts == 2
    assert "Could not connect" in delivery.last_error and "connection refused" in delivery.last_error


def test_a_4xx_is_not_retried(back_office, rest_connector, riverside_case, fast_retries):
    rest_connector()
    back_office.script = [(422, {"error": "postcode unknown"}, 0)]
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.attempts == 1 and "HTTP 422" in delivery.last_error


def test_rolled_back_case_change_leaves_no_delivery(rest_connector, riverside_case):
    rest_connector()
    before = Delivery.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
        raise RuntimeError("the case change failed")
    assert Delivery.objects.count() == before


def test_missing_binding_dead_letters_clearly_and_retry_after_configuring_delivers(
    back_office, rest_connector, riverside_case, fast_retries
):
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
    assert delivery.status == "dead" and "No active connector 'crm'" in delivery.last_error
    assert _events(riverside_case, "connector_failed")

    rest_connector()
    from connectors.services import delivery_retry

    assert delivery_retry(delivery)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.connector.slug == "crm"
    assert json.loads(back_office.requests[0]["body"])["ref"] == riverside_case.reference


def test_per_case_ordering_holds_back_a_later_delivery(back_office, rest_connector, riverside_case, fast_retries):
    rest_connector()
    back_office.script = [(500, {}, 0)]
    first = connector_call_enqueue(riverside_case, slot="crm", step_id="first", reply_task_id=None)
    second = connector_call_enqueue(riverside_case, slot="crm", step_id="second", reply_task_id=None)

    deliveries_send_due()  # first fails; second must not overtake it
    second.refresh_from_db()
    assert second.status == "pending" and second.attempts == 0

    drain()
    assert back_office.applied == [str(first.idempotency_key), str(second.idempotency_key)]


def test_a_broken_request_mapping_dead_letters_instead_of_failing_the_case_change(rest_connector, riverside_case):
    rest_connector(request_mapping={"ref": "{{ case.reference[ }}"})
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
    assert delivery.status == "dead" and "could not build its message" in delivery.last_error
    assert _events(riverside_case, "connector_failed")
