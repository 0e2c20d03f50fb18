"""List stored forms and workflows that today's save checks refuse (run after upgrading)."""

from django.core.management.base import BaseCommand, CommandError

from workflows.recheck import definitions_recheck


class Command(BaseCommand):
    help = "Re-check every published and draft form and workflow; exit 1 if any is refused, listing each problem."

    def handle(self, *args, **options):
        found = definitions_recheck()
        for item in found:
            row = item.definition
            self.stdout.write(
                f"{row.council.slug} {type(row)._meta.verbose_name} {row.slug} v{row.version} ({row.status}):"
            )
            for problem in item.problems:
                self.stdout.write(f"  {problem}")
        if found:
            raise CommandError(f"{len(found)} stored definition(s) need a new version")
        self.stdout.write("Every stored definition passes the current checks.")
