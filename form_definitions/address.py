"""The "address_lookup" question ("find an address"): postcode rules and what a manual address must have.

A picked address carries its UPRN and is complete; one typed in by hand needs a first line, a town and
a real postcode, each reported with GOV.UK's wording for the address pattern.
"""

from __future__ import annotations

import re
from typing import Any

POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
# The posted parts of the question, `<name>-<part>`; the portal fills the looked-up ones from the provider.
MANUAL_PARTS = ("line1", "line2", "town", "postcode")
LOOKED_UP_PARTS = ("uprn", "usrn", "address", "easting", "northing", "lat", "lng")
ADDRESS_MESSAGES = {
    "address_line1": "Enter address line 1, typically the building and street",
    "address_town": "Enter town or city",
    "address_postcode": "Enter postcode",
    "address_postcode_format": "Enter a real postcode",
}


def postcode_normalise(raw: str) -> str | None:
    """ "rd12ab" -> "RD1 2AB"; None when it is not a full UK postcode."""
    match = POSTCODE_RE.match(re.sub(r"\s+", " ", (raw or "").strip().upper()))
    return f"{match.group(1)} {match.group(2)}" if match else None


def address_problem(value: Any) -> str | None:
    """The first thing missing from an address answer (a key of ADDRESS_MESSAGES), or None."""
    if not isinstance(value, dict) or value.get("uprn"):
        return None
    if not value.get("line1"):
        return "address_line1"
    if not value.get("town"):
        return "address_town"
    if not value.get("postcode"):
        return "address_postcode"
    if postcode_normalise(str(value["postcode"])) is None:
        return "address_postcode_format"
    return None


def address_line(value: dict) -> str:
    """The address on one line, as check your answers and the case page show it."""
    if value.get("address"):
        return str(value["address"])
    return ", ".join(str(value[p]) for p in MANUAL_PARTS if value.get(p))


def address_references(value: object) -> str:
    """ "UPRN 100090000002, USRN 21900001" for a found address; "" for one typed in by hand."""
    if not isinstance(value, dict):
        return ""
    return ", ".join(f"{key.upper()} {value[key]}" for key in ("uprn", "usrn") if value.get(key))
