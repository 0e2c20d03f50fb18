"""The background worker: sends outbox deliveries and fires due workflow timers, in a loop."""
from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand

from casework.services.resolution import cases_close_unconfirmed
from connectors.worker import deliveries_release_stuck, deliveries_send_due
from workflows.timers import timers_fire_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send queued deliveries and fire due workflow timers until stopped."

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
            deliveries_release_stuck()
            sent = deliveries_send_due(batch)
            fired = timers_fire_due()
            cases_close_unconfirmed()
            if sent or fired:
                logger.info("worker pass: %s sent, %s timers fired", sent, fired)
            if once:
                break
            if sent < batch:  # a full batch means more is due: go again at once
                time.sleep(interval)
