"""Fixtures for API tests: registered clients with bearer tokens, and a real webhook receiver on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from api.services import api_client_register


@dataclass
class Bearer:
    """A test client that sends a client's bearer token on every call."""

    token: str
    client_row: object
    http: Client = field(default_factory=Client)

    def _auth(self, extra: dict) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}", **extra}

    def get(self, url: str, params: dict | None = None, **extra):
        return self.http.get(url, params or {}, **self._auth(extra))

    def post(self, url: str, body: dict | None = None, **extra):
        return self.http.post(url, json.dumps(body or {}), content_type="application/json", **self._auth(extra))

    def delete(self, url: str, **extra):
        return self.http.delete(url, **self._auth(extra))


def token_for(client_id: str, secret: str, scope: str | None = None) -> str:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = Client().post("/api/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


@pytest.fixture
def token_of():
    """token_of(client_id, secret) -> a bearer token from the token endpoint."""
    return token_for


@pytest.fixture
def bearer(demo):
    """bearer("riverside", "cases:read", ...) -> a Bearer for a newly registered client of that council."""

    def make(council: str, *scopes: str, name: str = "") -> Bearer:
        row, secret = api_client_register(
            council=demo.council(council), name=name or f"{council.title()} CRM", scopes=list(scopes)
        )
        return Bearer(token=token_for(row.application.client_id, secret), client_row=row)

    return make


@dataclass
class Receiver:
    """A subscriber's endpoint: answers each POST from `script` (then 200) and keeps what it was sent."""

    server: ThreadingHTTPServer
    script: list = field(default_factory=list)
    received: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/councilflow"


@pytest.fixture
def receiver(settings):
    settings.CONNECTOR_ALLOWED_HOSTS = ["127.0.0.1"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    office = Receiver(server=server)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with office.lock:
                code = office.script.pop(0) if office.script else 200
                office.received.append({"headers": dict(self.headers), "body": body, "status": code})
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            return

    server.RequestHandlerClass = Handler
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield office
    server.shutdown()
    server.server_close()
