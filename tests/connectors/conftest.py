"""Fixtures for connector tests: a real back-office HTTP server on 127.0.0.1, connectors, cases."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (row locks, SKIP LOCKED)")
        for item in items:
            if "postgres" in item.keywords and "tests/connectors" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _local_back_offices_allowed(settings):
    """The fake back offices listen on 127.0.0.1, which connectors may only call when allow-listed."""
    settings.CONNECTOR_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture
def subprocess_env(subprocess_env):
    """A child worker (run_worker, Celery) reads the allow-list from its environment."""
    return {**subprocess_env, "CONNECTOR_ALLOWED_HOSTS": "127.0.0.1"}


@dataclass
class BackOffice:
    """A back office that answers from a script and applies each Idempotency-Key's effect once."""

    server: ThreadingHTTPServer
    script: list = field(default_factory=list)  # (status, body, delay) consumed per request; then `default`
    default: tuple = (200, {"reference": "BO-1"}, 0)
    requests: list = field(default_factory=list)
    applied: list = field(default_factory=list)  # idempotency keys whose effect was applied, in order
    duplicates: int = 0  # successful requests whose key had already been applied (no second effect)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/cases"

    def wait_for(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.applied) >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"back office applied {len(self.applied)} keys, wanted {count}")


def _handler(office: BackOffice):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with office.lock:
                status, reply, delay = office.script.pop(0) if office.script else office.default
                office.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
            if delay:
                time.sleep(delay)
            key = self.headers.get("Idempotency-Key")
            if 200 <= status < 300:
                with office.lock:
                    if key in office.applied:
                        office.duplicates += 1
                    else:
                        office.applied.append(key)
            payload = reply.encode() if isinstance(reply, str) else json.dumps(reply).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client timed out and left

        def log_message(self, *args):
            return

    return Handler


@pytest.fixture
def back_office():
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    office = BackOffice(server=server)
    server.RequestHandlerClass = _handler(office)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield office
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_retries(settings):
    settings.CONNECTOR_BACKOFF_BASE_SECONDS = 0.01
    settings.CONNECTOR_BACKOFF_MAX_SECONDS = 0.05
    return settings


@pytest.fixture
def rest_connector(demo, back_office):
    from connectors.models import Connector

    def make(*, slug="crm", council="riverside", max_attempts=5, **config):
        base = {
            "url": back_office.url,
            "timeout": 2,
            "auth": {"type": "bearer"},
            "request_mapping": {
                "ref": "{{ case.reference }}",
                "postcode": "{{ case.answers.postcode }}",
                "kind": "missed-bin",
            },
            "response_mapping": {"backoffice_reference": "{{ body.reference }}"},
        }
        base.update(config)
        return Connector.objects.create(
            council=demo.council(council),
            name="Riverside CRM",
            slug=slug,
            kind="rest",
            config=base,
            secrets={"token": "s3cret-token"},
            max_attempts=max_attempts,
        )

    return make


@pytest.fixture
def riverside_case(demo, submit_missed_bin):
    return submit_missed_bin(demo.service("riverside", "missed-bin"))
