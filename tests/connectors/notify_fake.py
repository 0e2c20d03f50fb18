"""A local stand-in for GOV.UK Notify's API on 127.0.0.1: checks the client's JWT, the request shape of
/v2/notifications/email and /sms, and answers as Notify does (201 with the notification, or an error list)."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"councilflow_test-{SERVICE_ID}-{SECRET}"
REQUIRED = {"/v2/notifications/email": "email_address", "/v2/notifications/sms": "phone_number"}


@dataclass
class FakeNotify:
    server: ThreadingHTTPServer
    received: list = field(default_factory=list)  # every accepted notification (path + body)
    script: list = field(default_factory=list)  # (status, errors) answered before accepting, one per request
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def _handler(fake: FakeNotify):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            try:
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                if claims["iss"] != SERVICE_ID or "iat" not in claims:
                    raise KeyError("iss")
            except (jwt.InvalidTokenError, KeyError):
                return self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            recipient = REQUIRED.get(self.path)
            if recipient is None:
                return self._answer(404, {"errors": [{"error": "NotFound", "message": self.path}]})
            missing = [name for name in (recipient, "template_id") if not body.get(name)]
            if missing or not isinstance(body.get("personalisation", {}), dict):
                problem = f"{missing[0]} is a required property" if missing else "personalisation is not an object"
                return self._answer(400, {"errors": [{"error": "ValidationError", "message": problem}]})
            with fake.lock:
                scripted = fake.script.pop(0) if fake.script else None
            if scripted is not None:
                status, message = scripted
                return self._answer(status, {"errors": [{"error": "Scripted", "message": message}]})
            with fake.lock:
                fake.received.append({"path": self.path, **body})
            content = {"body": body.get("personalisation", {}).get("body", "")}
            if recipient == "email_address":
                content["subject"] = body.get("personalisation", {}).get("subject", "")
            self._answer(
                201,
                {
                    "id": str(uuid.uuid4()),
                    "reference": body.get("reference"),
                    "content": content,
                    "uri": f"{fake.url}/v2/notifications/x",
                    "template": {"id": body["template_id"], "version": 1, "uri": "x"},
                },
            )

        def _answer(self, status, document):
            payload = json.dumps({"status_code": status, **document} if status >= 400 else document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            return

    return Handler


def fake_notify_start() -> FakeNotify:
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    fake = FakeNotify(server=server)
    server.RequestHandlerClass = _handler(fake)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return fake
