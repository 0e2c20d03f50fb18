"""The worker's heartbeat: one row per worker process, stamped at the end of every pass."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """When a worker (run_worker or a Celery sweep) last finished a pass; /readyz and /metrics read its age."""

    worker = models.CharField(max_length=200, unique=True, help_text="host:pid of the process.")
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
