"""Per-page additions to the Content-Security-Policy: a page that draws a council's map adds the tile
server's origin to img-src (and nothing else), so other pages keep the strict policy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def csp_image_origin_allow(request: HttpRequest, origin: str | None) -> None:
    """Let this response's images come from `origin` too (None: nothing to add)."""
    if origin:
        origins: set[str] = request.__dict__.setdefault("csp_image_origins", set())
        origins.add(origin)


class ImageOriginsMiddleware:
    """Sits after CSPMiddleware, so it marks the response before the header is built."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        origins = request.__dict__.get("csp_image_origins")
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["img-src"] = sorted({*update.get("img-src", []), *origins})
            response._csp_update = update  # type: ignore[attr-defined]
        return response
