"""/healthz and /readyz: JSON bodies that say which part is down, flipping when the database or the worker stops."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from clamd_daemon import daemon_started
from ops.models import WorkerHeartbeat
from redis_databases import redis_test_url

POD_HOST = "10.1.2.3"  # probes reach a pod by IP, which is not in ALLOWED_HOSTS


def test_healthz_answers_ok_to_a_probe_by_ip_even_behind_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST=POD_HOST)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_ready_after_a_worker_pass(client, demo, worker_beaten):
    assert worker_beaten["heartbeat"] == 1
    response = client.get("/readyz", HTTP_HOST=POD_HOST)
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ready" and body["failed"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "skipped",
        "clamav": "skipped",
        "worker": "ok",
    }
    assert body["checks"]["worker"]["detail"].startswith("last heartbeat ")


def test_readyz_flips_when_the_worker_heartbeat_is_stale(client, demo, worker_beaten, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 60
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "not ready" and body["failed"] == ["worker"]
    detail = re.fullmatch(
        r"NotReady: the freshest worker heartbeat is (\d+)s old \(allowed 60s\)", body["checks"]["worker"]["detail"]
    )
    assert detail and 300 <= int(detail.group(1)) < 330  # 5 minutes, plus however long the request took


def test_readyz_is_not_ready_before_any_worker_has_run(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "no worker has reported a heartbeat" in response.json()["checks"]["worker"]["detail"]


def test_readyz_can_leave_the_worker_out(client, db, settings):
    settings.READYZ_WORKER_REQUIRED = False
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["status"] == "skipped"


def test_readyz_flips_when_the_database_is_unreachable(client, transactional_db, closed_port):
    from ops.heartbeat import worker_heartbeat_write

    worker_heartbeat_write()
    assert client.get("/readyz").status_code == 200
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-councilflow-dir/db.sqlite3"
    else:
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(closed_port)})
    try:
        response = client.get("/readyz")
        health = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["database", "worker"]  # the heartbeat lives in the database too
    assert body["checks"]["database"]["detail"].startswith("OperationalError: ")
    assert health.status_code == 200  # the process itself is still up
    assert client.get("/readyz").status_code == 200  # and ready again once the database is back


def test_readyz_checks_the_broker_when_one_is_configured(client, demo, worker_beaten, settings, closed_port):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port}/0"
    body = client.get("/readyz").json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["broker"]["status"] == "failed"

    import redis

    try:
        redis.Redis.from_url(redis_test_url(2), socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    settings.CELERY_BROKER_URL = redis_test_url(2)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["status"] == "ok"


def test_readyz_checks_clamd_detects_eicar(client, demo, worker_beaten, settings, clamav, tmp_path):
    ok = client.get("/readyz").json()["checks"]["clamav"]
    assert ok["status"] == "ok" and ok["detail"].endswith("detects the EICAR test file"), ok

    # A daemon whose only signature is for something else: it answers, but would pass every virus.
    blind = daemon_started(tmp_path / "blind", detects=b"not the eicar file")
    try:
        settings.CLAMAV_ADDRESS = blind.address
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "no usable signatures" in response.json()["checks"]["clamav"]["detail"]
    finally:
        blind.stop()

    settings.CLAMAV_ADDRESS = clamav.address
    clamav.stop()
    down = client.get("/readyz")
    assert down.status_code == 503 and down.json()["checks"]["clamav"]["detail"].startswith("ScannerUnavailable")


def test_probes_refuse_writes(client, db):
    assert client.post("/readyz").status_code == 405
