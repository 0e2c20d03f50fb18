"""The real `manage.py run_worker` process: SIGKILLed mid-batch, restarted, nothing lost or applied twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casework.models import CaseEvent
from connectors.models import Delivery
from connectors.services import connector_call_enqueue

ROOT = Path(__file__).resolve().parents[2]


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.05", "--batch", "10"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


@pytest.mark.slow
def test_worker_killed_mid_batch_delivers_everything_after_restart_with_each_effect_once(
    subprocess_env, demo, back_office, rest_connector, submit_missed_bin, tmp_path
):
    rest_connector()
    back_office.default = (200, {"reference": "BO"}, 0.06)  # slow enough to kill the worker mid-batch
    service = demo.service("riverside", "missed-bin")
    cases = [submit_missed_bin(service) for _ in range(3)]
    deliveries = [
        connector_call_enqueue(case, slot="crm", step_id=f"s{i}", reply_task_id=None)
        for i in range(5)
        for case in cases
    ]
    keys = {str(d.idempotency_key) for d in deliveries}
    env = {**subprocess_env, "CONNECTOR_STUCK_AFTER_SECONDS": "0", "CONNECTOR_BACKOFF_BASE_SECONDS": "0.01"}
    log = tmp_path / "worker.log"

    first = _worker(env, log)
    back_office.wait_for(5)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(10)
    applied_before_restart = len(back_office.applied)
    assert applied_before_restart < len(keys), "the worker must die mid-batch"

    second = _worker(env, log)
    try:
        back_office.wait_for(len(keys), timeout=40)
        deadline = time.monotonic() + 20
        while Delivery.objects.exclude(status="sent").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)

    assert sorted(back_office.applied) == sorted(keys), log.read_text()[-2000:]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    for delivery in deliveries:
        assert CaseEvent.objects.filter(kind="connector_sent", detail__delivery_id=delivery.pk).count() == 1
    # Per-case order held across the crash: each case's keys were applied in enqueue order.
    for case in cases:
        expected = [str(d.idempotency_key) for d in deliveries if d.case_id == case.pk]
        assert [k for k in back_office.applied if k in expected] == expected
