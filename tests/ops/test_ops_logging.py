"""Structured logs (request id, council, no personal data) and the Sentry scrubber."""

from __future__ import annotations

import json
import logging

import pytest

from councilflow.logging_config import logging_settings
from councilflow.personal_data import SCRUBBED, personal_data_scrub, text_scrub, url_path_scrub
from councilflow.sentry import sentry_event_scrub

SIGNED = "eyJjIjoxLCJlIjoiam9AZXhhbXBsZS5vcmcifQ:1tXyZa:Qk3v9bH2m1Xr8Zp0aLw5sT7uYc4dE6fG"


def test_text_scrub_masks_email_postcode_and_phone_but_keeps_the_reason():
    line = "550 mailbox unavailable: jo.o'neil+bins@example.org (SW1A 1AA, rg12 8bj, 07700 900123, +44 20 7946 0018)"
    assert text_scrub(line) == "550 mailbox unavailable: [email] ([postcode], [postcode], [phone], [phone])"
    assert text_scrub("Delivery 12 attempt 3 failed, case RDC-2026-000001") == (
        "Delivery 12 attempt 3 failed, case RDC-2026-000001"
    )


def test_url_path_scrub_masks_signed_tokens_and_drops_the_query():
    assert url_path_scrub(f"/riverside/your-cases/{SIGNED}/?email=jo@example.org") == "/riverside/your-cases/[token]/"
    kept = "/work/cases/RDC-2026-000001/"
    assert url_path_scrub(kept) == kept
    assert (
        url_path_scrub("/riverside/report-a-missed-bin-collection/apply/")
        == "/riverside/report-a-missed-bin-collection/apply/"
    )
    assert text_scrub(f"Not Found: /riverside/resume/{SIGNED}/?a=b") == "Not Found: /riverside/resume/[token]/?[query]"


def test_personal_data_scrub_replaces_personal_keys_at_any_depth():
    event = {"payload": {"to": ["jo@example.org"], "subject": "Case RDC-2026-000001"}, "answers": {"name": "Jo"}}
    assert personal_data_scrub(event) == {
        "payload": {"to": SCRUBBED, "subject": "Case RDC-2026-000001"},
        "answers": SCRUBBED,
    }


def test_sentry_event_scrub_leaves_no_personal_data():
    event = {
        "level": "error",
        "message": "Could not send to jo@example.org",
        "exception": {"values": [{"type": "SMTPRecipientsRefused", "value": "{'jo@example.org': (550, b'no')}"}]},
        "request": {
            "method": "POST",
            "url": f"https://councilflow.example/riverside/resume/{SIGNED}/?postcode=SW1A1AA",
            "headers": {"Cookie": "sessionid=abc", "Authorization": "Bearer xyz"},
            "cookies": {"sessionid": "abc"},
            "data": {"email": "jo@example.org", "postcode": "SW1A 1AA"},
            "query_string": "postcode=SW1A1AA",
            "env": {"REMOTE_ADDR": "81.2.69.160"},
        },
        "user": {
            "id": "42",
            "email": "officer@riverside.gov.uk",
            "ip_address": "81.2.69.160",
            "username": "riverside-waste",
        },
        "extra": {"customer": {"email": "jo@example.org"}, "case": "RDC-2026-000001"},
        "breadcrumbs": {"values": [{"message": "emailing jo@example.org", "category": "log"}]},
        "contexts": {"runtime": {"name": "CPython", "version": "3.11"}},
    }
    scrubbed = sentry_event_scrub(event, None)
    text = json.dumps(scrubbed)
    for leaked in (
        "jo@example.org",
        "officer@riverside",
        "SW1A",
        "81.2.69.160",
        "sessionid",
        "Bearer",
        SIGNED,
        "riverside-waste",
    ):
        assert leaked not in text, leaked
    assert scrubbed["request"] == {"method": "POST", "url": "https://councilflow.example/riverside/resume/[token]/"}
    assert scrubbed["user"] == {"id": "42"}
    assert scrubbed["extra"] == {"customer": SCRUBBED, "case": "RDC-2026-000001"}
    assert scrubbed["message"] == "Could not send to [email]"
    assert scrubbed["contexts"] == {"runtime": {"name": "CPython", "version": "3.11"}}


def test_sentry_sends_only_scrubbed_events_when_a_dsn_is_set():
    """The SDK wired as settings.py wires it, with an in-memory transport instead of the network."""
    import sentry_sdk
    from sentry_sdk.transport import Transport

    from councilflow.sentry import sentry_init

    sent = []

    class Capture(Transport):
        def capture_envelope(self, envelope):
            sent.extend(item.payload.json for item in envelope.items if item.payload.json)

    sentry_init(dsn="https://public@sentry.invalid/1", environment="test", transport=Capture)
    try:
        try:
            raise RuntimeError("could not email jo@example.org about SW1A 1AA")
        except RuntimeError:
            sentry_sdk.capture_exception()
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)  # off again for the rest of the suite
    assert len(sent) == 1
    assert sent[0]["exception"]["values"][0]["value"] == "could not email [email] about [postcode]"


@pytest.fixture
def json_log_lines():
    """The project's JSON formatter on a handler of its own, so the test reads exactly what production prints."""
    config = dict(logging_settings(log_format="json", level="INFO")["formatters"]["structlog"])
    factory = config.pop("()")
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Collect()
    handler.setFormatter(factory(**config))
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in records]
    root.removeHandler(handler)


def test_a_request_logs_one_json_line_with_request_id_and_council_and_no_token(client, demo, json_log_lines):
    response = client.get(f"/riverside/your-cases/{SIGNED}/", HTTP_USER_AGENT="Mozilla/5.0 (resident's phone)")
    finished = [line for line in json_log_lines() if line["event"] == "request_finished"]
    assert len(finished) == 1, json_log_lines()
    line = finished[0]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["council"] == "riverside"
    assert line["request"] == "GET /riverside/your-cases/[token]/"
    assert line["code"] == response.status_code
    text = json.dumps(json_log_lines())
    assert SIGNED not in text and "Mozilla" not in text and "127.0.0.1" not in text


def test_an_officer_request_logs_the_councils_it_was_scoped_to(client, demo, json_log_lines):
    officer = demo.user("riverside-waste")
    client.force_login(officer)
    assert client.get("/work/").status_code == 200
    line = next(line for line in json_log_lines() if line["event"] == "request_finished")
    assert line["council_ids"] == [demo.council("riverside").pk]
    assert line["user_id"] == officer.pk
