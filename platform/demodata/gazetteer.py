"""A small made-up address register per demo council, so "find an address" works offline in `make run`."""

from __future__ import annotations

from connectors.gazetteer import gazetteer_load
from connectors.models import GazetteerAddress
from councils.models import Council

from .seeding import STREETS

HOUSES_PER_STREET = 24


def demo_gazetteer_csv(council: Council) -> str:
    """One postcode per street (e.g. RD1 1AB for High Street), made-up UPRNs unique to the council."""
    area = (council.code[:2] or "ZZ").upper()
    lines = ["UPRN,USRN,PAO_START_NUMBER,STREET_DESCRIPTION,TOWN_NAME,POSTCODE_LOCATOR,X_COORDINATE,Y_COORDINATE"]
    for s, street in enumerate(STREETS, start=1):
        usrn = f"9{council.pk:03d}{s:04d}"
        for house in range(1, HOUSES_PER_STREET + 1):
            uprn = f"9{council.pk:04d}{s:03d}{house:04d}"
            lines.append(
                f"{uprn},{usrn},{house},{street},{council.name.split()[0]},{area}1 {s}AB,"
                f"{450000 + s * 100 + house},{206000 + s * 100}"
            )
    return "\n".join(lines) + "\n"


def demo_gazetteer_load(council: Council) -> None:
    """Only when the council has no register yet: a real one loaded in the admin is never replaced."""
    if not GazetteerAddress.objects.filter(council=council).exists():
        gazetteer_load(council=council, text=demo_gazetteer_csv(council))
