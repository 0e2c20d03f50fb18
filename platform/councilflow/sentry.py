"""Sentry, opt-in with SENTRY_DSN: errors only, with personal data scrubbed before anything leaves the process."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .personal_data import personal_data_scrub, text_scrub, url_path_scrub

if TYPE_CHECKING:
    from sentry_sdk.types import Breadcrumb, BreadcrumbHint, Event, Hint

# Sentry's own structure (SDK, frames, contexts) is kept; only what came from a request or a person is cut.
SENTRY_KEEP = frozenset({"sdk", "contexts", "modules", "platform", "timestamp", "level", "logger", "environment"})


def sentry_event_scrub(event: Event, hint: Hint | None = None) -> Event:
    """before_send: the request reduced to method and path (tokens masked), the user to an id, the rest scrubbed."""
    event = personal_data_scrub(event, keep=SENTRY_KEEP)
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {
            key: value
            for key, value in {
                "method": request.get("method"),
                "url": url_path_scrub(str(request.get("url", ""))),
            }.items()
            if value
        }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if user.get("id") else {}
    return event


def sentry_breadcrumb_scrub(crumb: Breadcrumb, hint: BreadcrumbHint | None = None) -> Breadcrumb:
    if isinstance(crumb.get("message"), str):
        crumb["message"] = text_scrub(crumb["message"])
    crumb["data"] = personal_data_scrub(crumb.get("data") or {})
    return crumb


def sentry_init(
    *, dsn: str, environment: str, release: str = "", traces_sample_rate: float = 0.0, **options: Any
) -> None:
    """Start the SDK without default PII, local variables or request bodies; our scrubber sees every event."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        # No user details, bodies, frame variables or SQL parameters are collected; before_send scrubs the rest.
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        traces_sample_rate=traces_sample_rate,
        before_send=sentry_event_scrub,
        before_breadcrumb=sentry_breadcrumb_scrub,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        **options,
    )
