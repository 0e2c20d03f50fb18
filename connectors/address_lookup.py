"""Postcode to addresses with their UPRN: the council's embedded gazetteer or the OS Places API.

Results are cached for a few minutes per council and postcode, so picking an address from the list
(which looks the postcode up again, server-side, so a posted UPRN is never trusted) costs no second call.
The OS Places key goes in a request header, never in a URL, a log line or an error message.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass

import requests
from django.core.cache import cache

from councils.models import Council
from form_definitions.address import postcode_normalise

from .models import AddressFinder, GazetteerAddress
from .outbound import OutboundRefused, outbound_session, outbound_url_check

logger = logging.getLogger(__name__)


CACHE_SECONDS = 600
OS_PLACES_TIMEOUT = (3, 8)  # connect, read: a resident is waiting; manual entry is the fallback
OS_PLACES_MAX_RESULTS = 100


class AddressLookupFailed(Exception):
    """The provider could not answer (down, slow, refused, bad key); the resident enters the address by hand."""


@dataclass(frozen=True)
class FoundAddress:
    """One address as a form answer keeps it."""

    uprn: str
    address: str
    postcode: str
    usrn: str = ""
    line1: str = ""
    line2: str = ""
    town: str = ""
    easting: float | None = None
    northing: float | None = None
    lat: float | None = None
    lng: float | None = None

    def answer(self) -> dict:
        """The stored answer: every known part, blanks left out."""
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}


def addresses_find(*, council: Council, postcode: str) -> list[FoundAddress]:
    """Every address at a full postcode, from the council's provider; raises AddressLookupFailed."""
    normal = postcode_normalise(postcode)
    if normal is None:
        return []
    finder = AddressFinder.objects.filter(council=council).first()
    provider = finder.provider if finder else AddressFinder.Provider.GAZETTEER
    key = f"address-lookup:{council.pk}:{provider}:{normal.replace(' ', '')}"
    found = cache.get(key)
    if found is None:
        if provider == AddressFinder.Provider.OS_PLACES and finder is not None:
            found = _os_places_find(finder, normal)
        else:
            found = gazetteer_find(council=council, postcode=normal)
        cache.set(key, found, CACHE_SECONDS)
    return found


def address_by_uprn(*, council: Council, postcode: str, uprn: str) -> FoundAddress | None:
    """The address with this UPRN among those at the postcode (looked up again, so never forged)."""
    return next((a for a in addresses_find(council=council, postcode=postcode) if a.uprn == uprn), None)


def gazetteer_find(*, council: Council, postcode: str) -> list[FoundAddress]:
    """The council's own register: one indexed query on (council, postcode without spaces)."""
    rows = GazetteerAddress.objects.filter(council=council, postcode_key=postcode.replace(" ", "").upper())
    return [
        FoundAddress(
            uprn=r.uprn,
            usrn=r.usrn,
            address=r.address,
            line1=r.line1,
            line2=r.line2,
            town=r.town,
            postcode=r.postcode,
            easting=r.easting,
            northing=r.northing,
            lat=r.lat,
            lng=r.lng,
        )
        for r in rows.order_by("line1", "address")
    ]


def _os_places_key(finder: AddressFinder) -> str:
    secrets: dict = finder.secrets if isinstance(finder.secrets, dict) else {}
    return str(secrets.get("api_key") or "") or os.environ.get("OS_PLACES_API_KEY", "")


def _os_places_find(finder: AddressFinder, postcode: str) -> list[FoundAddress]:
    """GET {base}/postcode?postcode=…&dataset=LPI: the LPI record carries the USRN as well as the UPRN."""
    url = finder.os_places_url.rstrip("/") + "/postcode"
    api_key = _os_places_key(finder)
    if not api_key:
        logger.warning("address lookup: no OS Places API key for council %s", finder.council_id)
        raise AddressLookupFailed("no OS Places API key")
    try:
        outbound_url_check(url)
        response = outbound_session(url).get(
            url,
            params={"postcode": postcode, "dataset": "LPI", "maxresults": str(OS_PLACES_MAX_RESULTS)},
            headers={"key": api_key, "Accept": "application/json"},
            timeout=OS_PLACES_TIMEOUT,
        )
    except (requests.RequestException, OutboundRefused) as exc:
        # The exception text can carry the request; only its kind is logged.
        logger.warning(
            "address lookup: OS Places unreachable for council %s (%s)", finder.council_id, type(exc).__name__
        )
        raise AddressLookupFailed("OS Places unreachable") from None
    if response.status_code == 400:  # OS Places: "Requested postcode must contain a minimum of the sector plus 1 digit"
        return []
    if response.status_code != 200:
        logger.warning("address lookup: OS Places answered %s for council %s", response.status_code, finder.council_id)
        raise AddressLookupFailed(f"OS Places answered {response.status_code}")
    try:
        results = response.json().get("results") or []
        return [_os_places_address(r["LPI"]) for r in results if isinstance(r, dict) and isinstance(r.get("LPI"), dict)]
    except (ValueError, KeyError, TypeError, AttributeError):
        logger.warning("address lookup: OS Places sent an unreadable answer for council %s", finder.council_id)
        raise AddressLookupFailed("OS Places answer unreadable") from None


def _os_places_address(lpi: dict) -> FoundAddress:
    """One LPI record: ADDRESS is the whole line in capitals; the parts name the building, street and town."""
    building = " ".join(
        str(lpi.get(k) or "").strip() for k in ("SAO_TEXT", "PAO_START_NUMBER", "PAO_TEXT") if lpi.get(k)
    ).strip()
    street = str(lpi.get("STREET_DESCRIPTION") or "").strip()
    return FoundAddress(
        uprn=str(lpi["UPRN"]),
        usrn=str(lpi.get("USRN") or ""),
        address=str(lpi["ADDRESS"]),
        line1=" ".join(p for p in (building, street) if p),
        town=str(lpi.get("TOWN_NAME") or ""),
        postcode=str(lpi.get("POSTCODE_LOCATOR") or lpi.get("POSTCODE") or ""),
        easting=_float(lpi.get("X_COORDINATE")),
        northing=_float(lpi.get("Y_COORDINATE")),
        lat=_float(lpi.get("LAT")),
        lng=_float(lpi.get("LNG")),
    )


def _float(value: object) -> float | None:
    try:
        return float(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
