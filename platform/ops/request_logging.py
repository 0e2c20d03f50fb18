"""What each request's log line says: the request id, the council, and the path with tokens masked.

django-structlog binds the request id (and the officer's user id) and logs request_finished; the signal
receivers here replace its full path (which would carry signed tokens and search words in the query string)
and drop the user agent and address. The middleware binds the council named in the URL, or the councils
the scoping layer already resolved for the officer (no extra query), and returns the id as X-Request-ID.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from django.http import HttpRequest, HttpResponse
from django_structlog import signals

from councilflow.personal_data import url_path_scrub

COUNCIL_URL_KWARGS = ("council_slug", "council")  # the portal's and the inbound webhooks' URL names


def request_line(request: HttpRequest) -> str:
    return f"{request.method} {url_path_scrub(request.path)}"


def _on_started(sender: Any, request: HttpRequest, log_kwargs: dict, **kwargs: Any) -> None:
    log_kwargs["request"] = request_line(request)
    log_kwargs.pop("user_agent", None)


def _on_finished(sender: Any, request: HttpRequest, log_kwargs: dict, **kwargs: Any) -> None:
    log_kwargs["request"] = request_line(request)
    bound = structlog.contextvars.get_contextvars()
    if "council" not in bound:
        resolved = _scoped_council_ids(getattr(request, "user", None))
        if resolved:
            structlog.contextvars.bind_contextvars(council_ids=sorted(next(iter(resolved.values()))))


def _scoped_council_ids(user: Any) -> dict | None:
    """What councils.scoping.council_ids_for cached on this request's user (on the lazy wrapper or the user)."""
    for candidate in (user, getattr(user, "_wrapped", None)):
        cached = getattr(candidate, "__dict__", {}).get("_councilflow_council_ids")
        if cached:
            return cached
    return None


def request_logging_connect() -> None:
    signals.bind_extra_request_metadata.connect(_on_started, dispatch_uid="councilflow-log-started")
    signals.bind_extra_request_finished_metadata.connect(_on_finished, dispatch_uid="councilflow-log-finished")
    signals.bind_extra_request_failed_metadata.connect(_on_finished, dispatch_uid="councilflow-log-failed")


class RequestContextMiddleware:
    """After django-structlog's: binds the council from the URL and echoes the request id to the client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        if request_id:
            response["X-Request-ID"] = request_id
        return response

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict) -> None:
        for name in COUNCIL_URL_KWARGS:
            if isinstance(view_kwargs.get(name), str):
                structlog.contextvars.bind_contextvars(council=view_kwargs[name])
                return
