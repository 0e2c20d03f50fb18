"""UK bank holidays by nation (a council's `holiday_region`): the one source every working-day rule reads.

It sits with the councils, below both languages, so the form language's date rules and the workflow
language's working days and business calendars count the same holidays.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

# England and Wales share one bank-holiday calendar; the `holidays` package calls it ENG.
REGION_SUBDIVISIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
DEFAULT_REGION = "england-and-wales"


def region_check(region: str) -> None:
    """Refuse an unknown region loudly rather than silently using the wrong holidays."""
    if region not in REGION_SUBDIVISIONS:
        raise ValueError(f'unknown region "{region}" (regions: {", ".join(REGION_SUBDIVISIONS)})')


@lru_cache(maxsize=256)
def bank_holidays(region: str, year: int) -> frozenset[date]:
    """The region's bank holidays in `year`; cached because due dates are computed constantly."""
    region_check(region)
    calendar = holidays.country_holidays("GB", subdiv=REGION_SUBDIVISIONS[region], years=year)
    return frozenset(calendar.keys())
