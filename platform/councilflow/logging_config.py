"""Logging: one JSON object per line (LOG_FORMAT=json, the default outside local mode) or readable key=value.

structlog renders both structlog loggers and the standard library's (Django, Celery, our
`logging.getLogger(__name__)` calls), so every line carries the request id and council that
django-structlog and ops.request_logging bind, and passes the personal-data scrubber.
"""

from __future__ import annotations

from typing import Any

import structlog

from .personal_data import log_event_scrub

SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.PositionalArgumentsFormatter(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.format_exc_info,
    structlog.processors.UnicodeDecoder(),
    log_event_scrub,
]


def renderer(log_format: str) -> Any:
    if log_format == "json":
        return structlog.processors.JSONRenderer()
    return structlog.dev.ConsoleRenderer(colors=False)


def logging_settings(*, log_format: str, level: str) -> dict:
    """The LOGGING dict for settings.py: one console handler, formatted by structlog."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structlog": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer(log_format)],
                "foreign_pre_chain": SHARED_PROCESSORS,
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structlog"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}, "django_structlog": {"level": level}},
    }


def structlog_configure() -> None:
    """structlog's own loggers hand their events to the standard library, which formats them as above."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
