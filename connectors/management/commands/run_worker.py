"""The background worker: sends outbox deliveries, fires due workflow timers and runs the periodic jobs, in a loop."""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand

from casework.services.resolution import cases_close_unconfirmed
from casework.services.sla_breach import cases_sla_sweep
from connectors.worker import deliveries_release_stuck, deliveries_send_due
from connectors.worker_jobs import worker_jobs_run
from workflows.timers import timers_fire_due

logger = logging.getLogger(__name__)


def worker_pass(batch: int = 50) -> dict[str, int]:
    """One pass of every job the worker runs; the loop below and the tests both call this."""
    deliveries_release_stuck()
    done = {"sent": deliveries_send_due(batch), "fired": timers_fire_due(), "purged": 0}
    done["closed"] = cases_close_unconfirmed()
    done["breached"] = cases_sla_sweep()
    done.update(worker_jobs_run())  # jobs features register, e.g. the portal's "purged" (abandoned uploads)
    return done


class Command(BaseCommand):
    help = "Send queued deliveries, fire due workflow timers and purge abandoned uploads until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")
        parser.add_argument("--batch", type=int, default=50, help="Deliveries claimed per pass.")

    def handle(self, *args, once: bool = False, interval: float = 2.0, batch: int = 50, **options):
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("Councilflow worker started")
        while not stopping:
            done = worker_pass(batch)
            if done["sent"] or done["fired"] or done["purged"]:
                logger.info(
                    "worker pass: %(sent)s sent, %(fired)s timers fired, %(purged)s abandoned uploads purged", done
                )
            if once:
                break
            if done["sent"] < batch:  # a full batch means more is due: go again at once
                time.sleep(interval)
