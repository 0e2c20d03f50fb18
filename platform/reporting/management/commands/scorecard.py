"""`manage.py scorecard --council riverside --month 2026-10 --out scorecard.pdf`: the monthly scorecard as PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councils.models import Council
from reporting.services.scorecard import scorecard_html, scorecard_pdf


class Command(BaseCommand):
    help = "Write one council's monthly performance scorecard (PDF, or HTML when --out ends in .html)."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="Council slug")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", required=True, help="Output file (.pdf or .html)")

    def handle(self, *args, council: str, month: str, out: str, **options):
        try:
            first = dt.date.fromisoformat(f"{month}-01")
        except ValueError as exc:
            raise CommandError("--month must look like 2026-10") from exc
        try:
            council_obj = Council.objects.get(slug=council)
        except Council.DoesNotExist as exc:
            raise CommandError(f"No council with slug {council!r}") from exc
        path = Path(out)
        if path.suffix.lower() == ".html":
            path.write_text(scorecard_html(council=council_obj, month=first), encoding="utf-8")
        else:
            path.write_bytes(scorecard_pdf(council=council_obj, month=first))
        self.stdout.write(f"Scorecard for {council_obj.name}, {first:%B %Y}: {path}")
