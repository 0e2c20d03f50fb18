"""Rebuild the Welsh .mo from its .po with polib (no GNU gettext): `manage.py portal_compile_welsh`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from portal.catalogue import WELSH_PO, CatalogueInvalid, catalogue_compile


class Command(BaseCommand):
    help = "Compile platform/portal/locale/cy/LC_MESSAGES/django.po into django.mo (no msgfmt needed)."

    def handle(self, *args: str, **options: object) -> None:
        target = WELSH_PO.with_suffix(".mo")
        try:
            compiled = catalogue_compile(WELSH_PO)  # before writing, so a broken .po leaves the old .mo in place
        except CatalogueInvalid as exc:
            raise CommandError(str(exc)) from exc
        target.write_bytes(compiled)
        self.stdout.write(f"Wrote {target}")
