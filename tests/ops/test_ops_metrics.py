"""/metrics: django-prometheus's request figures plus ours, read from the database; never public."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from connectors.models import Delivery
from connectors.worker import MAX_EMAIL_ATTEMPTS, deliveries_send_due

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []

    def read() -> dict[tuple[str, tuple], float]:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", HTTP_HOST="10.1.2.3")
        assert response.status_code == 200, response.content[:500]
        samples = {}
        for family in text_string_to_metric_families(response.content.decode()):
            for sample in family.samples:
                samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return samples

    return read


def test_a_submission_shows_in_the_scrape(scrape, client, demo, submit_missed_bin):
    key = ("councilflow_cases_submitted_total", (("channel", "web"), ("council", "riverside")))
    before = scrape().get(key, 0)
    submit_missed_bin(demo.service("riverside", "missed-bin"))
    assert client.get("/riverside/").status_code == 200  # a page, timed by django-prometheus (probes are not)
    after = scrape()
    assert after[key] == before + 1
    assert after[("councilflow_cases", (("council", "riverside"), ("status", "open")))] >= 1
    assert after[("councilflow_outbox_backlog", (("council", "riverside"), ("kind", "email")))] >= 1  # its confirmation
    assert ("django_http_requests_total_by_method_total", (("method", "GET"),)) in after  # django-prometheus


def test_a_dead_letter_shows_in_the_scrape(scrape, demo, submit_missed_bin, settings, closed_port):
    dead_key = ("councilflow_outbox_dead_letters", (("council", "riverside"), ("kind", "email")))
    assert scrape().get(dead_key, 0) == 0
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # a mail server that refuses
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    Delivery.objects.filter(case=case).update(attempts=MAX_EMAIL_ATTEMPTS - 1)  # its last try
    deliveries_send_due()
    assert Delivery.objects.get(case=case).status == Delivery.Status.DEAD
    assert scrape()[dead_key] == 1


def test_overdue_cases_and_worker_heartbeat_age_are_reported(scrape, demo, submit_missed_bin, worker_beaten):
    from datetime import timedelta

    from django.utils import timezone

    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    case.due_at = timezone.now() - timedelta(days=1)
    case.save(update_fields=["due_at"])
    samples = scrape()
    assert samples[("councilflow_cases_overdue", (("council", "riverside"),))] == 1
    assert 0 <= samples[("councilflow_worker_heartbeat_age_seconds", ())] < 60
    assert samples[("councilflow_timer_lag_seconds", ())] == 0


def test_metrics_refuse_without_the_token_or_an_allowed_address(client, db, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 403  # the test client comes from 127.0.0.1
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    refused = client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}")
    assert refused.status_code == 403 and "METRICS_TOKEN" in refused.json()["detail"]
    assert client.get("/metrics", REMOTE_ADDR="10.4.5.6").status_code == 200
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_metrics_are_closed_when_nothing_is_configured(client, db, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403
