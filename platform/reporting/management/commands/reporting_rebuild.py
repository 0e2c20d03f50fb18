"""`manage.py reporting_rebuild`: recompute the reporting projection (daily figures, backlog cohorts, case facts)
from cases and events, e.g. after a bulk import or a data fix that bypassed the case services."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from reporting.services.projection import projection_rebuild


class Command(BaseCommand):
    help = "Rebuild the reporting projection from scratch (one transaction; dashboards keep reading the old rows until it commits)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        cases = projection_rebuild(log=self.stdout.write)
        self.stdout.write(f"Projected {cases:,} cases in {time.perf_counter() - started:.1f} s")
