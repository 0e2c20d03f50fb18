"""A council's map settings (tile server, area box) and the checks the admin runs on them."""

from __future__ import annotations

from urllib.parse import urlsplit

# The platform serves plain generated tiles itself (portal/map_tiles.py), so `make run` needs no network.
DEMO_TILE_URL = "/map-tiles/{z}/{x}/{y}.png"
PLACEHOLDERS = ("{z}", "{x}", "{y}")

Box = tuple[float | None, float | None, float | None, float | None]  # south, west, north, east


def map_settings_problems(*, tile_url: str, box: Box) -> dict[str, str]:
    """Field name -> message for a tile URL or an area box that a map could not use."""
    problems: dict[str, str] = {}
    missing = [p for p in PLACEHOLDERS if p not in tile_url]
    parts = urlsplit(tile_url)
    if missing:
        problems["map_tile_url"] = f"The tile URL needs {', '.join(missing)}"
    elif not (tile_url.startswith("/") and not tile_url.startswith("//")) and (
        parts.scheme not in ("http", "https") or not parts.netloc
    ):
        problems["map_tile_url"] = "Enter an https:// address or a path on this site starting with /"
    south, west, north, east = box
    if any(v is not None for v in box):
        if any(v is None for v in box):
            problems["map_east"] = "Give all four sides of the area, or none"
        elif not (-90 <= south <= 90 and -90 <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):  # type: ignore[operator]
            problems["map_east"] = "Latitudes must be between -90 and 90, longitudes between -180 and 180"
        elif not (south < north and west < east):  # type: ignore[operator]
            problems["map_east"] = "South must be below north and west below east"
    return problems


def tile_origin(tile_url: str) -> str | None:
    """The origin the browser fetches tiles from when it is another site (for the page's img-src), else None."""
    parts = urlsplit(tile_url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None
