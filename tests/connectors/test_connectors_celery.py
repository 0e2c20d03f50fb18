"""Scale-out: with CELERY_BROKER_URL set, run_worker's pass hands deliveries to a real Celery worker via Redis."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from casework.models import CaseEvent
from connectors.models import Delivery
from connectors.services import connector_call_enqueue
from connectors.worker import deliveries_send_due
from redis_databases import redis_test_url

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = redis_test_url(2)


@pytest.fixture
def celery_broker(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    from connectors.celery_app import app

    queue = f"councilflow-test-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.broker_url, app.conf.task_default_queue)
    settings.CELERY_BROKER_URL = REDIS_URL
    app.conf.update(broker_url=REDIS_URL, task_default_queue=queue)
    yield queue
    app.conf.update(broker_url=saved[0], task_default_queue=saved[1])


@pytest.mark.slow
def test_celery_worker_sends_deliveries_handed_over_by_the_dispatcher(
    subprocess_env, celery_broker, demo, back_office, rest_connector, submit_missed_bin, tmp_path
):
    rest_connector()
    cases = [submit_missed_bin(demo.service("riverside", "missed-bin")) for _ in range(3)]
    deliveries = [connector_call_enqueue(case, slot="crm", step_id="s", reply_task_id=None) for case in cases]
    env = {**subprocess_env, "CELERY_BROKER_URL": REDIS_URL, "CELERY_TASK_DEFAULT_QUEUE": celery_broker}
    log = tmp_path / "celery.log"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "connectors.celery_app",
            "worker",
            "--pool=solo",
            "-Q",
            celery_broker,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        handed = deliveries_send_due()  # claimed here (connector calls + confirmation emails), handed to Celery
        assert handed == Delivery.objects.count() and set(Delivery.objects.values_list("status", flat=True)) == {
            "sending"
        }
        back_office.wait_for(3, timeout=40)
        deadline = time.monotonic() + 20
        while Delivery.objects.filter(kind="connector").exclude(status="sent").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(20)
    assert sorted(back_office.applied) == sorted(str(d.idempotency_key) for d in deliveries), log.read_text()[-3000:]
    assert set(Delivery.objects.filter(kind="connector").values_list("status", flat=True)) == {"sent"}
    assert CaseEvent.objects.filter(kind="connector_sent", case__in=cases).count() == 3
