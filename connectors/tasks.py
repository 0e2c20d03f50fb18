"""Celery tasks: the same functions as run_worker. Beat schedules the sweep and the dispatch (celery_app.py)."""

from __future__ import annotations

from .celery_app import DELIVERIES_DISPATCH_TASK, DELIVERY_SEND_TASK, WORKER_SWEEP_TASK, app
from .sweep import deliveries_dispatch, worker_sweep
from .worker import delivery_process


@app.task(name=DELIVERY_SEND_TASK)
def delivery_send_task(delivery_id: int) -> bool:
    return delivery_process(delivery_id)


@app.task(name=DELIVERIES_DISPATCH_TASK)
def deliveries_dispatch_task(batch: int = 200) -> int:
    """Claims due deliveries and hands each to a delivery_send task (run_worker's sending half)."""
    return deliveries_dispatch(batch)


@app.task(name=WORKER_SWEEP_TASK)
def worker_sweep_task() -> dict[str, int]:
    """Fires due timers, closes unconfirmed cases, runs the registered jobs (run_worker's other half)."""
    return worker_sweep()
