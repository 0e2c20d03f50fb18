"""One pass of the background work: the same functions whether `run_worker` loops or Celery beat schedules them.

Every step is safe with several passes at once (more run_workers, more Celery workers, a beat that fires
again before the last sweep ended): deliveries are claimed with SKIP LOCKED and a status change, each
timer is re-checked under its case's row lock, unconfirmed cases are closed under a row lock, and the
registered jobs (upload purge, heartbeat) are idempotent, and so is the virus scan of waiting files.
"""

from __future__ import annotations

from casework.services.attachment_scan import attachments_scan_waiting
from casework.services.erasure import cases_purge_due
from casework.services.resolution import cases_close_unconfirmed
from casework.services.sla_breach import cases_sla_sweep
from workflows.timers import timers_fire_due

from .worker import deliveries_release_stuck, deliveries_send_due
from .worker_jobs import worker_jobs_run


def worker_sweep() -> dict[str, int]:
    """Everything but sending: due timers, unconfirmed resolutions, files waiting for a virus scan, the retention
    purge, and the jobs features registered."""
    done = {"fired": timers_fire_due(), "purged": 0, "closed": cases_close_unconfirmed()}
    done["breached"] = cases_sla_sweep()
    done["scanned"] = attachments_scan_waiting()  # files stored while clamd was down; stops if it still is
    done["personal_data_removed"] = cases_purge_due()  # closed cases past their service's retention
    done.update(worker_jobs_run())  # e.g. the portal's "purged" (abandoned uploads), ops' "heartbeat"
    return done


def deliveries_dispatch(batch: int = 50) -> int:
    """Put rows of a killed sender back in the queue, then send (or hand to Celery) what is due."""
    deliveries_release_stuck()
    return deliveries_send_due(batch)


def worker_pass(batch: int = 50) -> dict[str, int]:
    """One pass of every job the worker runs; `run_worker`'s loop and the tests both call this."""
    sent = deliveries_dispatch(batch)
    return {"sent": sent, **worker_sweep()}
