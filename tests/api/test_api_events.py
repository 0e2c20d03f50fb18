"""The events feed resumes from its cursor and shows only the client's council; webhook subscribers receive
signed events through the outbox, retried after a 500 with the outbox's backoff."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, transaction

from casework.models import CaseEvent, EventKind
from connectors.models import Delivery
from connectors.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_valid
from connectors.worker import deliveries_send_due


def test_the_feed_pages_by_cursor_resumes_after_it_and_hides_other_councils(demo, bearer, submit_missed_bin):
    feed = bearer("riverside", "events")
    ours = [submit_missed_bin(demo.service("riverside", "missed-bin")) for _ in range(2)]
    submit_missed_bin(demo.service("hillford", "missed-bin"))
    expected = list(CaseEvent.objects.filter(case__in=ours).order_by("pk").values_list("pk", flat=True))

    seen, after, pages = [], 0, 0
    while True:
        page = feed.get("/api/v1/events/", {"after": after, "page_size": 3}).json()
        seen += [row["id"] for row in page["results"]]
        assert all(row["position"] > after for row in page["results"])
        after, pages = page["after"], pages + 1
        if not page["next"]:
            break
    assert seen == expected and pages == (len(expected) // 3) + 1
    assert feed.get("/api/v1/events/", {"after": after}).json() == {"results": [], "after": after, "next": None}

    later = submit_missed_bin(demo.service("riverside", "missed-bin"))
    resumed = feed.get("/api/v1/events/", {"after": after}).json()["results"]
    assert {row["case"] for row in resumed} == {later.reference} and resumed[0]["kind"] == "submitted"
    only = feed.get("/api/v1/events/", {"kind": "task_created"}).json()["results"]
    assert {row["kind"] for row in only} == {"task_created"} and len(only) == 3
    bad = feed.get("/api/v1/events/", {"after": "-1"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["path"] == "after"
    assert bearer("riverside", "cases:read").get("/api/v1/events/").status_code == 403


def test_a_subscriber_receives_signed_events_and_a_500_is_retried(demo, bearer, receiver, submit_missed_bin, settings):
    settings.CONNECTOR_BACKOFF_BASE_SECONDS = 0
    settings.CONNECTOR_BACKOFF_MAX_SECONDS = 0
    crm = bearer("riverside", "events")
    made = crm.post("/api/v1/webhooks/", {"url": receiver.url, "kinds": ["submitted"]})
    assert made.status_code == 201, made.content
    secret = made.json()["secret"]
    assert crm.get("/api/v1/webhooks/").json()["results"][0] == {
        k: v for k, v in made.json().items() if k != "secret"
    }  # the secret is shown once only
    receiver.script = [500]

    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    submit_missed_bin(demo.service("hillford", "missed-bin"))  # another council's: not sent
    deliveries_send_due()  # the receiver answers 500: the webhook is kept for a retry
    delivery = Delivery.objects.get(purpose="api_webhook")
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1 and "HTTP 500" in delivery.last_error
    deliveries_send_due()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT

    assert [r["status"] for r in receiver.received] == [500, 200]
    first, second = receiver.received
    assert (
        first["body"] == second["body"] and first["headers"]["Idempotency-Key"] == second["headers"]["Idempotency-Key"]
    )
    body = json.loads(second["body"])
    assert body["case"] == case.reference and body["kind"] == "submitted" and body["council"] == "riverside"
    headers = second["headers"]
    assert signature_valid(
        key=secret, timestamp=headers[TIMESTAMP_HEADER], body=second["body"], signature=headers[SIGNATURE_HEADER]
    )
    assert not signature_valid(
        key="guessed", timestamp=headers[TIMESTAMP_HEADER], body=second["body"], signature=headers[SIGNATURE_HEADER]
    )
    assert not CaseEvent.objects.filter(case=case, kind="connector_sent").exists()  # not itself a timeline event

    hook = made.json()["id"]
    assert crm.delete(f"/api/v1/webhooks/{hook}/").status_code == 204
    submit_missed_bin(demo.service("riverside", "missed-bin"))
    assert Delivery.objects.filter(purpose="api_webhook").count() == 1  # unsubscribed: nothing more queued


def test_a_webhook_url_that_is_not_public_is_refused_with_its_path(demo, bearer, settings):
    settings.CONNECTOR_ALLOWED_HOSTS = []
    crm = bearer("riverside", "events")
    refused = crm.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9/x", "kinds": ["nonsense"]})
    assert refused.status_code == 400
    assert [e["path"] for e in refused.json()["errors"]] == ["kinds.0"]
    refused = crm.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9/x"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["path"] == "url"
    assert "loopback" in refused.json()["errors"][0]["message"]


@pytest.mark.postgres
def test_an_event_that_commits_late_is_not_skipped_by_a_reader_already_past_it(
    transactional_db, demo, bearer, submit_missed_bin
):
    """A transaction that inserted an event before another but commits after it: paging by id would skip it."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two writers at once)")
    feed = bearer("riverside", "events")
    # Two cases: an event's insert also touches its case's row, which would make one writer wait for the other.
    slow_case, quick_case = (submit_missed_bin(demo.service("riverside", "missed-bin")) for _ in range(2))
    after = feed.get("/api/v1/events/", {"page_size": 200}).json()["after"]
    inserted, release, failures = threading.Event(), threading.Event(), []

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                CaseEvent.objects.create(case=slow_case, kind=EventKind.NOTE_ADDED, summary="Slow note")
                inserted.set()
                release.wait(30)
        except BaseException as exc:  # reported to the main thread below, not swallowed
            failures.append(exc)
            inserted.set()
        finally:
            connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert inserted.wait(30)
    CaseEvent.objects.create(case=quick_case, kind=EventKind.NOTE_ADDED, summary="Quick note")

    first = feed.get("/api/v1/events/", {"after": after}).json()
    assert [row["summary"] for row in first["results"]] == ["Quick note"]
    release.set()
    writer.join(30)
    assert not failures
    second = feed.get("/api/v1/events/", {"after": first["after"]}).json()
    assert [row["summary"] for row in second["results"]] == ["Slow note"]
    slow, quick = (CaseEvent.objects.get(summary=text) for text in ("Slow note", "Quick note"))
    assert slow.pk < quick.pk and slow.feed_position > quick.feed_position
