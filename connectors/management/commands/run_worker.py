"""The background worker: sends outbox deliveries, fires due workflow timers and runs the periodic jobs, in a loop."""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand

from connectors.sweep import worker_pass

logger = logging.getLogger(__name__)
__all__ = ["Command", "worker_pass"]  # worker_pass lives in connectors.sweep (Celery beat runs its halves)


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
