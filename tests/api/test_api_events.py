"""The events feed resumes from its cursor and shows only the client's council; webhook subscribers receive
signed events through the outbox, retried after a 500 with the outbox's backoff."""

from __future__ import annotations

import json

from casework.models import CaseEvent
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
