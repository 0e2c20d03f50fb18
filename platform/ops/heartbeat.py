"""Writing and reading the worker heartbeat (a database row, so every web process sees every worker)."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from django.utils import timezone

from .models import WorkerHeartbeat

FORGET_AFTER = timedelta(days=1)  # rows of processes gone this long are pruned, so restarts do not pile up


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_heartbeat_write() -> int:
    """Stamp this process's heartbeat now (a registered worker job, so it returns how many rows it wrote)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=worker_name(), defaults={"beat_at": now})
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()
    return 1


def worker_heartbeat_age() -> float | None:
    """Seconds since the freshest heartbeat of any worker; None when no worker has ever beaten."""
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if latest is None:
        return None
    return max(0.0, (timezone.now() - latest).total_seconds())
