"""Bulk-generate realistic cases across the demo councils, for benchmarks and trying the workspace at scale."""

from django.core.management.base import BaseCommand, CommandError

from councils.models import Council
from demodata.loader import demo_load
from demodata.seeding import seed_cases


class Command(BaseCommand):
    help = "Create N realistic cases (customers, tasks, timelines, some closed) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--closed-share", type=float, default=0.3, help="Share of cases resolved or closed.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data.")

    def handle(self, *args, cases: int, closed_share: float, seed: int, **options):
        if not Council.objects.exists():
            self.stdout.write("No councils yet: loading the demo partnership first.")
            demo_load()
        try:
            made = seed_cases(cases, closed_share=closed_share, rng_seed=seed, log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Seeded {made} cases."))
