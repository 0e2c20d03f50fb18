"""Regenerate (or, with --check, verify) the docs' reference tables built from the plugin registries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.doc_tables import doc_tables_stale, doc_tables_write


class Command(BaseCommand):
    help = "Rewrite the step-type, widget and connector-type tables in docs/ from their registries."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="only report stale tables; exit 1 if any")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if check:
            stale = doc_tables_stale()
            if stale:
                raise CommandError(f"stale generated tables (run manage.py docs_tables): {', '.join(stale)}")
            self.stdout.write("generated tables are up to date")
            return
        changed = doc_tables_write()
        self.stdout.write(f"rewrote: {', '.join(changed)}" if changed else "generated tables were up to date")
