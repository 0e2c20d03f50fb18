"""Loading a council's address register (an LLPG / AddressBase CSV extract) into its embedded gazetteer.

The whole file is checked before anything is written, and the load replaces the council's addresses in
one transaction: a bad row leaves the gazetteer as it was, and the error names the row and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.db import transaction

from councils.models import Council
from form_definitions.address import postcode_normalise

from .models import GazetteerAddress

# Column names as AddressBase / LLPG extracts spell them; the first present of each list is read.
COLUMNS = {
    "uprn": ("UPRN",),
    "usrn": ("USRN",),
    "address": ("ADDRESS", "SINGLE_LINE_ADDRESS", "FULL_ADDRESS"),
    "sao": ("SAO_TEXT",),
    "pao_number": ("PAO_START_NUMBER", "BUILDING_NUMBER"),
    "pao": ("PAO_TEXT", "BUILDING_NAME"),
    "street": ("STREET_DESCRIPTION", "THOROUGHFARE"),
    "town": ("TOWN_NAME", "POST_TOWN", "TOWN"),
    "postcode": ("POSTCODE_LOCATOR", "POSTCODE"),
    "easting": ("X_COORDINATE", "EASTING"),
    "northing": ("Y_COORDINATE", "NORTHING"),
    "lat": ("LATITUDE", "LAT"),
    "lng": ("LONGITUDE", "LNG"),
}
REQUIRED = ("uprn", "postcode")
MAX_ROWS = 1_000_000
BATCH = 5000


class GazetteerInvalid(ValueError):
    """A CSV that cannot be loaded; the message names the row (counting the header as row 1) and column."""


def gazetteer_load(*, council: Council, text: str) -> int:
    """Replace the council's gazetteer with the CSV's addresses; returns how many were loaded."""
    return gazetteer_replace(council=council, rows=gazetteer_rows_from_text(council=council, text=text))


def gazetteer_rows_from_text(*, council: Council, text: str) -> list[GazetteerAddress]:
    return gazetteer_rows(council=council, lines=io.StringIO(text.lstrip("\ufeff")))


def gazetteer_replace(*, council: Council, rows: list[GazetteerAddress]) -> int:
    """The council's addresses become `rows`, in one transaction."""
    with transaction.atomic():
        GazetteerAddress.objects.filter(council=council).delete()
        GazetteerAddress.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def gazetteer_rows(*, council: Council, lines: Iterable[str]) -> list[GazetteerAddress]:
    """Every row as an unsaved GazetteerAddress; raises GazetteerInvalid at the first bad one."""
    reader = csv.DictReader(lines)
    header = {name.strip().upper(): name for name in reader.fieldnames or []}
    columns = {key: next((header[c] for c in names if c in header), None) for key, names in COLUMNS.items()}
    missing = [COLUMNS[key][0] for key in REQUIRED if columns[key] is None]
    if columns["address"] is None and columns["street"] is None:
        missing.append("ADDRESS (or STREET_DESCRIPTION)")
    if missing:
        raise GazetteerInvalid(f"row 1 (header): missing column {', '.join(missing)}")
    seen: set[str] = set()
    rows = []
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            raise GazetteerInvalid(f"more than {MAX_ROWS} addresses: split the extract")
        rows.append(_row(council, raw, columns, number, seen))
    return rows


def _row(council: Council, raw: dict, columns: dict, number: int, seen: set[str]) -> GazetteerAddress:
    def get(key: str) -> str:
        column = columns[key]
        return str(raw.get(column) or "").strip() if column else ""

    uprn = get("uprn")
    if not uprn.isdigit() or len(uprn) > 12:
        raise GazetteerInvalid(f"row {number}, column {columns['uprn']}: {uprn!r} is not a UPRN (up to 12 digits)")
    if uprn in seen:
        raise GazetteerInvalid(f"row {number}, column {columns['uprn']}: UPRN {uprn} appears twice")
    seen.add(uprn)
    postcode = postcode_normalise(get("postcode"))
    if postcode is None:
        raise GazetteerInvalid(f"row {number}, column {columns['postcode']}: {get('postcode')!r} is not a UK postcode")
    building = " ".join(p for p in (get("sao"), get("pao_number"), get("pao")) if p)
    line1 = " ".join(p for p in (building, get("street").title() if get("street").isupper() else get("street")) if p)
    town = get("town").title() if get("town").isupper() else get("town")
    address = get("address") or ", ".join(p for p in (line1, town, postcode) if p)
    numbers = {}
    for key in ("easting", "northing", "lat", "lng"):
        value = get(key)
        try:
            numbers[key] = float(value) if value else None
        except ValueError:
            raise GazetteerInvalid(f"row {number}, column {columns[key]}: {value!r} is not a number") from None
    return GazetteerAddress(
        council=council,
        uprn=uprn,
        usrn=get("usrn")[:8],
        address=address[:500],
        line1=line1[:200],
        town=town[:100],
        postcode=postcode,
        postcode_key=postcode.replace(" ", ""),
        **numbers,
    )
