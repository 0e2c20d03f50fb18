from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from councilflow.errors import DefinitionInvalid
from councilflow.json_limits import JSONRefused
from demodata.history import demo_history_load
from demodata.loader import demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo partnership, councils, people and services. Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            action="store_true",
            help="Also load six months of cases, targets, unit costs and benefits (once; `make run` does this).",
        )
        parser.add_argument("--cases-per-council", type=int, default=600, help="Cases of history per council.")

    def handle(self, *args, history: bool = False, cases_per_council: int = 600, **options):
        try:
            logins = demo_load()
        except (JSONRefused, DefinitionInvalid) as exc:  # a library file that is too big, too deep or invalid
            raise CommandError(str(exc)) from exc
        if history:
            demo_history_load(cases_per_council=cases_per_council, log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Demo logins (password for all: %s):" % logins[0]["password"])
        )
        for login in logins:
            self.stdout.write(f"  {login['username']:<24} {login['council']:<30} {login['roles']}")
        site = settings.SITE_URL.rstrip("/")  # the address `make run` serves at (HOST/PORT), not a fixed port
        self.stdout.write(f"Resident pages: {site}/   Officer workspace: {site}/work/   Admin: {site}/admin/")
