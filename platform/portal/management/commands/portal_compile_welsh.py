"""Rebuild the Welsh .mo from its .po without GNU gettext: `manage.py portal_compile_welsh`."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.catalogue import WELSH_PO, catalogue_compile


class Command(BaseCommand):
    help = "Compile platform/portal/locale/cy/LC_MESSAGES/django.po into django.mo (no msgfmt needed)."

    def handle(self, *args, **options) -> None:
        target = WELSH_PO.with_suffix(".mo")
        target.write_bytes(catalogue_compile(WELSH_PO))
        self.stdout.write(f"Wrote {target}")
