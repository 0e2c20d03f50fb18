"""Remove personal data from closed cases past their service's retention (the worker does this every pass).

`--dry-run` lists what would go and changes nothing; `--council SLUG` narrows the list to one council.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casework.services.erasure import cases_due_for_purge, cases_purge_due, months_before
from councils.models import Council


class Command(BaseCommand):
    help = "Erase personal data of closed cases whose retention period has ended (see docs/data-protection.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List the cases that would be erased; erase none.")
        parser.add_argument("--council", help="Only this council (its slug), for the dry run's list.")

    def handle(self, *args: object, dry_run: bool, council: str | None, **options: object) -> None:
        due = cases_due_for_purge()
        if council:
            found = Council.objects.filter(slug=council).first()
            if found is None:
                raise CommandError(f'No council with slug "{council}"')
            due = due.filter(council=found)
        if not dry_run:
            if council:
                raise CommandError("--council narrows a dry run only; the purge covers every council")
            self.stdout.write(f"Erased personal data of {cases_purge_due(batch=100_000)} case(s).")
            return
        cases = list(due)
        for case in cases:
            kept_until = case.closed_at and months_before(case.closed_at, -case.service.retention_months)
            self.stdout.write(
                f"{case.reference}\t{case.council.slug}\t{case.service.name}\tclosed {case.closed_at:%Y-%m-%d}"
                f"\tretention {case.service.retention_months} months (ended {kept_until:%Y-%m-%d})"
                f"\twould remove: answers, customer link, notes and messages text, "
                f"{case.attachments.count()} attachment(s), delivery payloads, search text"
            )
        self.stdout.write(f"{len(cases)} case(s) would have their personal data removed (dry run: nothing changed).")
