"""The "map_location" question: a point picked on a map (lat/lng), or the place described in words.

The answer is `{"lat": 51.5, "lng": -0.12, "description": "by the bus stop"}` (either part may be missing).
A point must be complete, on the globe and, when the council has an area box, inside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

POINT_PARTS = ("lat", "lng")
DESCRIPTION_MAX = 500
EARTH_RADIUS_METRES = 6_371_008.8
# The property schema the studio writes for a map_location question (the widget accepts any object with these).
MAP_LOCATION_PROPERTIES: dict[str, dict] = {
    "lat": {"type": "number", "minimum": -90, "maximum": 90, "title": "Latitude"},
    "lng": {"type": "number", "minimum": -180, "maximum": 180, "title": "Longitude"},
    "description": {"type": "string", "maxLength": DESCRIPTION_MAX, "title": "Description"},
}
MAP_MESSAGES = {
    "map_point_incomplete": "Select a point on the map, or describe where it is",
    "map_outside_area": "Select a point inside the council's area, or describe where it is",
    "map_missing": "Select a point on the map, or describe where it is",
}


@dataclass(frozen=True)
class MapArea:
    """The box (in degrees) a council's map points must fall in."""

    south: float
    west: float
    north: float
    east: float

    def holds(self, lat: float, lng: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lng <= self.east

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.south + self.north) / 2, (self.west + self.east) / 2)


def map_area_of(council: Any) -> MapArea | None:
    """The council's area box, or None when it has not set all four sides."""
    sides = [getattr(council, f"map_{side}", None) for side in ("south", "west", "north", "east")]
    numbers = [float(v) for v in sides if isinstance(v, (int, float))]
    return MapArea(*numbers) if len(numbers) == 4 else None


def map_point(value: Any) -> tuple[float, float] | None:
    """(lat, lng) of an answer with a whole, real point, else None."""
    if not isinstance(value, dict):
        return None
    lat, lng = value.get("lat"), value.get("lng")
    if isinstance(lat, bool) or isinstance(lng, bool) or not isinstance(lat, (int, float)):
        return None
    if not isinstance(lng, (int, float)) or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return float(lat), float(lng)


def map_problem(value: Any, area: MapArea | None) -> str | None:
    """The first thing wrong with a map answer (a key of MAP_MESSAGES), or None."""
    if not isinstance(value, dict):
        return None
    given = [part for part in POINT_PARTS if value.get(part) not in (None, "")]
    if not given:
        return None if str(value.get("description") or "").strip() else "map_missing"
    point = map_point(value)
    if len(given) < 2 or point is None:
        return "map_point_incomplete"
    if area is not None and not area.holds(*point):
        return "map_outside_area"
    return None


def map_display(value: dict) -> str:
    """ "51.50123, -0.12345 (by the bus stop)": check your answers and the case page."""
    point = map_point(value)
    description = " ".join(str(value.get("description") or "").split())
    shown = f"{point[0]:.5f}, {point[1]:.5f}" if point else ""
    if shown and description:
        return f"{shown} ({description})"
    return shown or description


def distance_metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine): accurate to well under a metre at a council's scale."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(h))


def answers_points(answers: Any, names: list[str] | None = None) -> list[tuple[float, float]]:
    """Every point among a case's answers: map_location questions (`names`) and found addresses' lat/lng."""
    if not isinstance(answers, dict):
        return []
    values = [answers.get(n) for n in names] if names is not None else list(answers.values())
    return [p for p in map(map_point, values) if p is not None]
