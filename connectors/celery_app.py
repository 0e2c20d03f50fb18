"""Celery application for scale-out: `celery -A connectors.celery_app worker` (needs CELERY_BROKER_URL).

Two layouts (docs/operations.md): run_worker claims due rows and fires timers, handing each claimed row
to Celery; or no run_worker at all, and one `celery -A connectors.celery_app beat` schedules the sweep
and the dispatch (settings.CELERY_BEAT_SCHEDULE) onto the workers. A task lost with the broker leaves its
row in SENDING, which deliveries_release_stuck puts back in the queue, so nothing is lost.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_platform = Path(__file__).resolve().parent.parent / "platform"
if str(_platform) not in sys.path:
    sys.path.insert(0, str(_platform))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilflow.settings")

from celery import Celery  # noqa: E402

DELIVERY_SEND_TASK = "connectors.delivery_send"  # tasks.delivery_send_task; worker.py sends it by name
DELIVERIES_DISPATCH_TASK = "connectors.deliveries_dispatch"  # named in settings.CELERY_BEAT_SCHEDULE
WORKER_SWEEP_TASK = "connectors.worker_sweep"

app = Celery("councilflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_acks_late = True  # a worker killed mid-task: the broker redelivers it
app.conf.worker_prefetch_multiplier = 1
app.autodiscover_tasks(["connectors"])
