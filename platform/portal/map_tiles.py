"""Plain generated map tiles served by the platform itself: the demo's default tile server, so a map
location question works offline (`make run`). A council sets a real one (OS Maps API, its own) in the admin."""

from __future__ import annotations

import functools
import struct
import zlib

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control

TILE_SIZE = 256
MAX_ZOOM = 19
LAND = (0xDD, 0xE8, 0xD0)
LAND_ALT = (0xE6, 0xEE, 0xDA)
GRID = (0xB1, 0xB4, 0xB6)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@functools.lru_cache(maxsize=2)
def tile_png(shade: int) -> bytes:
    """A 256×256 RGB PNG: a plain colour (two shades in a chequer, so panning shows) with a grid line on two
    edges, so neighbouring tiles draw a grid."""
    fill = LAND if shade % 2 == 0 else LAND_ALT
    edge = bytes(GRID) * TILE_SIZE
    row = bytes(GRID) + bytes(fill) * (TILE_SIZE - 1)
    raw = b"".join(b"\x00" + (edge if y == 0 else row) for y in range(TILE_SIZE))
    header = struct.pack(">IIBBBBB", TILE_SIZE, TILE_SIZE, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw, 9))
        + _png_chunk(b"IEND", b"")
    )


@cache_control(public=True, max_age=86400)
def map_tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    """One tile of the Web Mercator (slippy map) grid; coordinates outside the grid are a 404."""
    if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
        raise Http404("No such tile")
    return HttpResponse(tile_png((x + y) % 2), content_type="image/png")
