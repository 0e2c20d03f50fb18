from django.core.management.base import BaseCommand, CommandError

from councilflow.errors import DefinitionInvalid
from councilflow.json_limits import JSONRefused
from demodata.loader import demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo partnership, councils, people and services. Safe to run repeatedly."

    def handle(self, *args, **options):
        try:
            logins = demo_load()
        except (JSONRefused, DefinitionInvalid) as exc:  # a library file that is too big, too deep or invalid
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Demo logins (password for all: %s):" % logins[0]["password"])
        )
        for login in logins:
            self.stdout.write(f"  {login['username']:<24} {login['council']:<30} {login['roles']}")
        self.stdout.write(
            "Resident pages: http://127.0.0.1:8000/   Officer workspace: http://127.0.0.1:8000/work/   Admin: http://127.0.0.1:8000/admin/"
        )
