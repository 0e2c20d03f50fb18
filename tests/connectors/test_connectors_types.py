"""Connector types other than REST: GOV.UK Notify against a local fake Notify, back-office email; secrets."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core import mail, serializers
from django.db import connection

from casework.models import CaseEvent
from connector_helpers import drain
from connectors.models import Connector
from connectors.services import connector_call_enqueue

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"councilflow_test-{SERVICE_ID}-{SECRET}"


@pytest.fixture
def fake_notify():
    """A local stand-in for the Notify API: checks the client's JWT and records each notification."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            try:
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                assert claims["iss"] == SERVICE_ID
            except (jwt.InvalidTokenError, AssertionError, KeyError):
                return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append({"path": self.path, **body})
            self._answer(
                201,
                {
                    "id": str(uuid.uuid4()),
                    "reference": body.get("reference"),
                    "content": {},
                    "template": {"id": body["template_id"]},
                },
            )

        def _answer(self, status, document):
            payload = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_notify_sends_through_the_official_client(fake_notify, demo, riverside_case, fast_retries, channel):
    base_url, received = fake_notify
    template = str(uuid.uuid4())
    Connector.objects.create(
        council=demo.council("riverside"),
        name="Notify",
        slug="notify",
        kind="notify",
        secrets={"api_key": API_KEY},
        config={
            "channel": channel,
            "template_id": template,
            "base_url": base_url,
            "recipient": "{{ case.answers.email }}" if channel == "email" else "07700900123",
            "personalisation": {"reference": "{{ case.reference }}", "bin": "{{ case.answers.bin_type }}"},
        },
    )
    delivery = connector_call_enqueue(riverside_case, slot="notify", step_id="tell_resident", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "sent", delivery.last_error
    [sent] = received
    assert sent["path"] == f"/v2/notifications/{channel}"
    assert sent["template_id"] == template and sent["reference"] == str(delivery.idempotency_key)
    assert sent["personalisation"] == {"reference": riverside_case.reference, "bin": "general"}
    assert sent.get("email_address", sent.get("phone_number")) in ("ann@example.com", "07700900123")


def test_notify_with_a_wrong_key_is_dead_lettered_without_retrying(fake_notify, demo, riverside_case, fast_retries):
    base_url, received = fake_notify
    Connector.objects.create(
        council=demo.council("riverside"),
        name="Notify",
        slug="notify",
        kind="notify",
        secrets={"api_key": f"wrong-{SERVICE_ID}-{uuid.uuid4()}"},
        config={"template_id": "t", "base_url": base_url},
    )
    delivery = connector_call_enqueue(riverside_case, slot="notify", step_id="s", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.attempts == 1 and "Notify HTTP 403" in delivery.last_error
    assert not received


def test_back_office_mailbox_gets_a_templated_email(demo, riverside_case, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Connector.objects.create(
        council=demo.council("riverside"),
        name="Waste mailbox",
        slug="waste-mailbox",
        kind="email",
        config={
            "to": ["waste-team@riverside.example"],
            "subject": "Missed bin {{ case.reference }}",
            "body": "Postcode: {{ case.answers.postcode }}",
        },
    )
    delivery = connector_call_enqueue(riverside_case, slot="waste-mailbox", step_id="s", reply_task_id=None)
    mail.outbox.clear()
    drain()
    [message] = [m for m in mail.outbox if m.to == ["waste-team@riverside.example"]]
    assert message.subject == f"Missed bin {riverside_case.reference}" and message.body == "Postcode: RD1 2AB"
    assert message.extra_headers["Idempotency-Key"] == str(delivery.idempotency_key)
    assert CaseEvent.objects.filter(case=riverside_case, kind="connector_sent").count() == 1


def test_secrets_are_encrypted_at_rest_write_only_in_admin_and_never_serialised(demo, client):
    connector = Connector.objects.create(
        council=demo.council("riverside"),
        name="CRM",
        slug="crm",
        kind="rest",
        config={"url": "http://127.0.0.1:9/x"},
        secrets={"token": "tok-123"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT secrets FROM connectors_connector WHERE id = %s", [connector.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("fernet:") and "tok-123" not in raw
    assert Connector.objects.get(pk=connector.pk).secrets == {"token": "tok-123"}
    assert "tok-123" not in serializers.serialize("json", [connector])

    client.force_login(demo.user("riverside-designer"))
    page = client.get(f"/admin/connectors/connector/{connector.pk}/change/")
    assert (
        page.status_code == 200
        and b"tok-123" not in page.content
        and b"Stored; leave blank to keep it." in page.content
    )
    form = {
        "council": connector.council_id,
        "name": "CRM",
        "slug": "crm",
        "kind": "rest",
        "config": json.dumps({"url": "http://127.0.0.1:9/y"}),
        "is_active": "on",
        "max_attempts": 5,
        "secret_token": "",
        "secret_signing_key": "new-signing-key",
    }
    response = client.post(f"/admin/connectors/connector/{connector.pk}/change/", form)
    assert response.status_code == 302, response.content[:3000]
    connector.refresh_from_db()
    assert connector.secrets == {"token": "tok-123", "signing_key": "new-signing-key"}  # blank kept, new one added
    assert connector.config["url"] == "http://127.0.0.1:9/y"

    bad = client.post(
        f"/admin/connectors/connector/{connector.pk}/change/", {**form, "config": json.dumps({"url": "ftp://x"})}
    )
    assert bad.status_code == 200 and b"url must be an http(s) URL" in bad.content


def test_admin_scopes_deliveries_to_the_users_councils(demo, client, riverside_case):
    connector_call_enqueue(riverside_case, slot="missing", step_id="s", reply_task_id=None)
    client.force_login(demo.user("riverside-designer"))
    assert riverside_case.reference.encode() in client.get("/admin/connectors/delivery/?status__exact=dead").content
    client.force_login(demo.user("hillford-designer"))
    assert riverside_case.reference.encode() not in client.get("/admin/connectors/delivery/").content
