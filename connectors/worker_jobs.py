"""Periodic jobs that features above connectors hand to the background worker.

The worker (connectors) cannot import the portal or other features above it, so they register their jobs
here from their AppConfig.ready(); `run_worker` runs each registered job once per pass.
"""

from __future__ import annotations

from collections.abc import Callable

WorkerJob = Callable[[], int]

_jobs: dict[str, WorkerJob] = {}


def worker_job_register(name: str, job: WorkerJob) -> None:
    """Register `job` (returns how many things it did) under `name`; registering a name again replaces it."""
    _jobs[name] = job


def worker_jobs_run() -> dict[str, int]:
    """Run every registered job once; the counts by job name."""
    return {name: job() for name, job in _jobs.items()}
