"""Connectors call public addresses only (unless allow-listed), and secrets never follow a changed host."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from requests_hardened.ip_filter import InvalidIPAddress

from connector_helpers import drain
from connectors.models import Connector, Delivery
from connectors.outbound import OutboundRefused, outbound_session, outbound_url_check
from connectors.services import connector_call_enqueue
from connectors.types.base import DeliveryRejected
from connectors.types.registry import connector_type_get


class Recorder:
    """A second local HTTP server that records what reaches it; optionally redirects every request."""

    def __init__(self, redirect_to: str = ""):
        self.requests: list[dict] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(302 if redirect_to else 200)
                if redirect_to:
                    self.send_header("Location", redirect_to)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def other_host():
    recorder = Recorder()
    yield recorder
    recorder.close()


def _admin_form(connector_council_id: int, config: dict, **secrets) -> dict:
    form = {
        "council": connector_council_id,
        "name": "CRM",
        "slug": "crm",
        "kind": "rest",
        "config": json.dumps(config),
        "is_active": "on",
        "max_attempts": 5,
    }
    return {**form, **{f"secret_{name}": value for name, value in secrets.items()}}


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/cases", "127.0.0.1 is a loopback address"),
        ("http://localhost:8080/cases", "localhost resolves to"),
        ("http://169.254.169.254/latest/meta-data/", "link-local (cloud metadata)"),
        ("http://10.1.2.3/cases", "private address"),
        ("http://[::1]:8080/cases", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/cases", "is a loopback address"),
        ("http://[fe80::1]/cases", "link-local"),
        ("http://224.0.0.1/cases", "multicast address"),
        ("http://0.0.0.0/cases", "unspecified address"),
        ("http://240.0.0.1/cases", "reserved address"),
    ],
)
def test_a_non_public_url_is_refused_at_save_in_the_admin(demo, client, settings, url, reason):
    settings.CONNECTOR_ALLOWED_HOSTS = []
    client.force_login(demo.user("riverside-designer"))
    response = client.post("/admin/connectors/connector/add/", _admin_form(demo.council("riverside").pk, {"url": url}))
    assert response.status_code == 200 and reason in response.content.decode()
    assert "CONNECTOR_ALLOWED_HOSTS" in response.content.decode() and not Connector.objects.exists()
    with pytest.raises(OutboundRefused, match=reason.split(" ")[0].replace("[", r"\[")):
        outbound_url_check(url)


def test_a_notify_base_url_is_guarded_too_and_the_allow_list_lets_a_host_through(demo, settings):
    connector = Connector(
        council=demo.council("riverside"),
        name="Notify",
        slug="notify",
        kind="notify",
        config={"template_id": "t", "base_url": "http://127.0.0.1:6011"},
    )
    settings.CONNECTOR_ALLOWED_HOSTS = []
    with pytest.raises(ValidationError, match="127.0.0.1 is a loopback address"):
        connector.full_clean()
    settings.CONNECTOR_ALLOWED_HOSTS = ["127.0.0.1"]
    connector.full_clean()


def test_a_loopback_url_is_refused_at_send_and_the_server_receives_nothing(
    back_office, rest_connector, riverside_case, settings
):
    rest_connector()  # saved while 127.0.0.1 was allowed; the allow-list is then emptied
    settings.CONNECTOR_ALLOWED_HOSTS = []
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEAD and delivery.attempts == 1
    assert delivery.last_error.startswith(
        f"DeliveryRejected: Not sent: {back_office.url}: 127.0.0.1 is a loopback address"
    )
    assert back_office.requests == []

    settings.CONNECTOR_ALLOWED_HOSTS = ["127.0.0.1"]  # with the allow-list the same connector works
    again = connector_call_enqueue(riverside_case, slot="crm", step_id="s2", reply_task_id=None)
    drain()
    again.refresh_from_db()
    assert again.status == Delivery.Status.SENT and len(back_office.requests) == 1


def test_a_hostname_resolving_to_loopback_is_refused_at_send(back_office, rest_connector, riverside_case):
    port = back_office.server.server_address[1]
    rest_connector(url=f"http://localhost:{port}/cases")  # only 127.0.0.1 is allowed, not names that resolve to it
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert (
        delivery.status == Delivery.Status.DEAD
        and "localhost resolves to" in delivery.last_error
        and "loopback" in delivery.last_error
    )
    assert back_office.requests == []


def test_the_session_checks_the_address_it_connects_to(back_office, settings):
    """What DNS rebinding relies on: a check that passed earlier. The session resolves and checks again itself."""
    port = back_office.server.server_address[1]
    settings.CONNECTOR_ALLOWED_HOSTS = []
    with outbound_session(f"http://localhost:{port}/cases") as session, pytest.raises(InvalidIPAddress):
        session.post(f"http://localhost:{port}/cases", data=b"{}", timeout=2)
    assert back_office.requests == []
    settings.CONNECTOR_ALLOWED_HOSTS = ["localhost"]
    with outbound_session(f"http://localhost:{port}/cases") as session:
        assert session.post(f"http://127.0.0.1:{port}/cases", data=b"{}", timeout=2).status_code == 200


def test_redirects_are_never_followed(other_host, settings):
    redirecting = Recorder(redirect_to=f"http://127.0.0.1:{other_host.port}/stolen")
    try:
        url = f"http://127.0.0.1:{redirecting.port}/cases"
        with outbound_session(url) as session:
            answer = session.post(url, data=b"{}", timeout=2)  # the session is asked to follow; it does not
        assert answer.status_code == 302 and len(redirecting.requests) == 1 and other_host.requests == []
    finally:
        redirecting.close()


def test_changing_the_host_in_the_admin_asks_for_the_token_again(demo, client, back_office, other_host):
    connector = Connector.objects.create(
        council=demo.council("riverside"),
        name="CRM",
        slug="crm",
        kind="rest",
        config={"url": back_office.url, "auth": {"type": "bearer"}},
        secrets={"token": "s3cret-token", "inbound_signing_key": "inbound-key"},
    )
    moved = {"url": f"http://127.0.0.1:{other_host.port}/cases", "auth": {"type": "bearer"}}
    client.force_login(demo.user("riverside-designer"))
    page = f"/admin/connectors/connector/{connector.pk}/change/"

    blank = client.post(page, _admin_form(connector.council_id, moved))
    text = blank.content.decode()
    assert (
        blank.status_code == 200 and "Enter it again: the connector&#x27;s host, port, scheme or type changed" in text
    )
    assert "enter token, inbound signing key again" in text
    connector.refresh_from_db()
    assert (
        connector.config["url"] == back_office.url and connector.secrets["token"] == "s3cret-token"
    )  # nothing half-saved

    saved = client.post(
        page, _admin_form(connector.council_id, moved, token="new-token", inbound_signing_key="new-inbound")
    )
    assert saved.status_code == 302
    connector.refresh_from_db()
    assert connector.secrets == {"token": "new-token", "inbound_signing_key": "new-inbound"}

    kept = client.post(
        page, _admin_form(connector.council_id, {**moved, "url": moved["url"] + "/v2"})
    )  # same host: blank keeps
    assert kept.status_code == 302
    connector.refresh_from_db()
    assert connector.secrets["token"] == "new-token"


def test_a_host_changed_from_the_shell_drops_the_secrets_and_the_new_host_sees_no_token(
    demo, back_office, other_host, rest_connector, riverside_case
):
    connector = rest_connector()
    connector.config = {**connector.config, "url": f"http://127.0.0.1:{other_host.port}/cases"}
    with pytest.raises(ValidationError, match="enter token again"):
        connector.full_clean()
    connector.save()
    connector.refresh_from_db()
    assert connector.secrets == {}

    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEAD and "has no token stored" in delivery.last_error
    assert other_host.requests == [] and back_office.requests == []


def test_secrets_moved_behind_the_models_back_are_not_sent(back_office, other_host, rest_connector, riverside_case):
    connector = rest_connector()
    Connector.objects.filter(pk=connector.pk).update(
        config={**connector.config, "url": f"http://127.0.0.1:{other_host.port}/cases"}
    )
    delivery = connector_call_enqueue(riverside_case, slot="crm", step_id="s", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert (
        delivery.status == Delivery.Status.DEAD
        and "secrets were entered for rest|http://127.0.0.1:" in delivery.last_error
    )
    assert other_host.requests == []


def test_changing_the_type_drops_the_secrets(demo, rest_connector):
    connector = rest_connector()
    connector.kind, connector.config = "notify", {"template_id": "t", "base_url": connector.config["url"]}
    connector.save()
    connector.refresh_from_db()
    assert connector.secrets == {}


def _notify(demo, base_url: str) -> Connector:
    return Connector.objects.create(
        council=demo.council("riverside"),
        name="Notify",
        slug="notify",
        kind="notify",
        config={"template_id": "t", "base_url": base_url, "recipient": "ann@example.com"},
        secrets={"api_key": f"test-{uuid.uuid4()}-{uuid.uuid4()}"},
    )


def test_a_notify_base_url_on_loopback_is_refused_at_send(demo, other_host, riverside_case, settings):
    _notify(demo, f"http://127.0.0.1:{other_host.port}")
    settings.CONNECTOR_ALLOWED_HOSTS = []
    delivery = connector_call_enqueue(riverside_case, slot="notify", step_id="s", reply_task_id=None)
    drain()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DEAD and "127.0.0.1 is a loopback address" in delivery.last_error
    assert other_host.requests == []


@pytest.mark.parametrize("kind", ["rest", "notify"])
def test_each_type_refuses_on_connecting_even_when_the_earlier_check_passed(
    demo, back_office, rest_connector, riverside_case, settings, kind
):
    """The rebinding case: the sender's check passed, then the name points inside. The type's own connection refuses."""
    port = back_office.server.server_address[1]
    connector = rest_connector() if kind == "rest" else _notify(demo, f"http://127.0.0.1:{port}")
    delivery = connector_call_enqueue(riverside_case, slot=connector.slug, step_id="s", reply_task_id=None)
    connector.config = {
        **connector.config,
        ("url" if kind == "rest" else "base_url"): f"http://localhost:{port}" + ("/cases" if kind == "rest" else ""),
    }
    settings.CONNECTOR_ALLOWED_HOSTS = []
    with pytest.raises(DeliveryRejected, match="not a public address at connect time"):
        connector_type_get(kind).send(connector, delivery, connector.secrets)
    assert back_office.requests == []
