"""Scale-out without run_worker: Celery beat schedules the sweep (timers, jobs, heartbeat) and the dispatch."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from casework.models import CaseTask
from connectors.models import Delivery
from ops.models import WorkerHeartbeat
from redis_databases import redis_test_url

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = redis_test_url(1)

REMINDED = {
    "title": "Missed bin, reminded",
    "start": "check",
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "due": {"working_days": 2},
            "remind_before": {"hours": 4},
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def _timers_due_now(case) -> int:
    from datetime import timedelta

    from django.utils import timezone
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status=STATUS.SCHEDULED).update(
        scheduled=timezone.now() - timedelta(seconds=1)
    )


def test_the_beat_schedule_names_registered_tasks():
    from connectors.celery_app import app

    app.loader.import_default_modules()
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} == {
        "connectors.worker_sweep",
        "connectors.deliveries_dispatch",
    }
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
    assert all(entry["options"]["expires"] >= 1 for entry in schedule.values())


def test_the_sweep_task_fires_timers_and_beats_run_eagerly(demo, submit_missed_bin, publish_workflow):
    from connectors.tasks import worker_sweep_task

    service = publish_workflow(demo.service("riverside", "missed-bin"), REMINDED)
    case = submit_missed_bin(service)
    assert _timers_due_now(case) >= 1
    done = worker_sweep_task.apply().get()
    assert done["fired"] >= 1 and done["heartbeat"] == 1
    assert CaseTask.objects.get(case=case).reminded_at is not None
    assert WorkerHeartbeat.objects.count() == 1


@pytest.fixture
def redis_queue():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    return f"councilflow-beat-test-{uuid.uuid4().hex[:8]}"


@pytest.mark.slow
def test_a_real_celery_worker_and_beat_fire_timers_send_deliveries_and_write_the_heartbeat(
    subprocess_env, redis_queue, demo, submit_missed_bin, publish_workflow, tmp_path
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), REMINDED)
    case = submit_missed_bin(service)
    _timers_due_now(case)
    confirmation = Delivery.objects.get(case=case, kind="email", purpose="confirmation")
    env = {
        **subprocess_env,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": redis_queue,
        "CELERY_SWEEP_SECONDS": "1",
        "CELERY_DISPATCH_SECONDS": "1",
        "LOG_FORMAT": "json",
    }
    env["PYTHON"] = sys.executable
    env["CELERY_BEAT_SCHEDULE_FILE"] = str(tmp_path / "beat-schedule")
    log = tmp_path / "celery.log"
    entrypoint = str(ROOT / "deploy" / "entrypoint.sh")
    quiet = ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    roles = [  # the production layout: Celery workers plus exactly one beat, as the image starts them
        [entrypoint, "celery-worker", "--pool=solo", "-Q", redis_queue, *quiet],
        [entrypoint, "celery-beat"],
    ]
    with log.open("wb") as out:
        processes = [subprocess.Popen(r, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT) for r in roles]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            confirmation.refresh_from_db()
            fired = CaseTask.objects.get(case=case).reminded_at is not None
            if fired and confirmation.status == "sent" and WorkerHeartbeat.objects.exists():
                break
            time.sleep(0.25)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(30)
    output = log.read_text()[-4000:]
    assert confirmation.status == "sent", output
    assert CaseTask.objects.get(case=case).reminded_at is not None, output
    assert Delivery.objects.filter(case=case, purpose="check_remind").exists(), output  # the reminder it queued
    assert WorkerHeartbeat.objects.exists(), output
    json_lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line["logger"].startswith("celery") for line in json_lines), output  # Celery logs as JSON too
