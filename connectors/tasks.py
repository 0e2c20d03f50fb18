"""Celery tasks: the same send function as run_worker, one claimed delivery per task."""

from __future__ import annotations

from .celery_app import DELIVERY_SEND_TASK, app
from .worker import deliveries_send_due, delivery_process


@app.task(name=DELIVERY_SEND_TASK)
def delivery_send_task(delivery_id: int) -> bool:
    return delivery_process(delivery_id)


@app.task(name="connectors.deliveries_dispatch")
def deliveries_dispatch_task(batch: int = 200) -> int:
    """For a Celery beat schedule, when run_worker is not running at all."""
    return deliveries_send_due(batch)
