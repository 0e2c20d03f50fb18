"""What /readyz checks: the database, the cache, the broker, ClamAV when configured (and able to detect EICAR),
a fresh worker heartbeat.

Each check either returns a short detail or raises; the exception's class and first line become the reason,
so the body says what is wrong without a stack trace (and without credentials: none of these messages
carry a password).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from councilflow.virus_scan import scanner_check, scanner_configured

from .heartbeat import worker_heartbeat_age

PROBE_TIMEOUT_SECONDS = 2.0


class NotReady(Exception):
    """A check ran and found the part unusable (as opposed to the part raising on its own)."""


class Skipped(Exception):
    """The part is not configured here, so it cannot make the process unready."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # "ok", "failed" or "skipped"
    detail: str
    took_ms: float

    def as_json(self) -> dict:
        return {"status": self.status, "detail": self.detail, "took_ms": self.took_ms}


def database_check() -> str:
    conn = connections["default"]
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        conn.close()  # a half-dead connection must not be reused by the next probe
        raise
    return f"{conn.vendor} answers"


def cache_check() -> str:
    key = f"councilflow:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise NotReady("a value written to the cache could not be read back")
    cache.delete(key)
    return "write and read back"


def broker_check() -> str:
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url:
        raise Skipped("CELERY_BROKER_URL is not set (the worker sends deliveries itself)")
    from kombu import Connection

    with Connection(url, connect_timeout=PROBE_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=PROBE_TIMEOUT_SECONDS)
    return f"{conn.transport_cls} broker answers"


def clamav_check() -> str:
    """clamd answers and detects the EICAR test file: a daemon without signatures scans everything "clean"."""
    if not scanner_configured():
        raise Skipped("CLAMAV_ADDRESS is not set (uploads are kept unscanned)")
    return scanner_check(timeout=PROBE_TIMEOUT_SECONDS)  # ScannerUnavailable says which: unreachable or blind


def worker_check() -> str:
    if not getattr(settings, "READYZ_WORKER_REQUIRED", True):
        raise Skipped("READYZ_WORKER_REQUIRED is off")
    limit = float(getattr(settings, "WORKER_HEARTBEAT_MAX_AGE_SECONDS", 60))
    age = worker_heartbeat_age()
    if age is None:
        raise NotReady("no worker has reported a heartbeat (start `manage.py run_worker` or Celery beat + worker)")
    if age > limit:
        raise NotReady(f"the freshest worker heartbeat is {age:.0f}s old (allowed {limit:.0f}s)")
    return f"last heartbeat {age:.1f}s ago"


CHECKS: dict[str, Callable[[], str]] = {
    "database": database_check,
    "cache": cache_check,
    "broker": broker_check,
    "clamav": clamav_check,
    "worker": worker_check,
}


def readiness_run() -> list[CheckResult]:
    """Run every check (none stops the others); the results in a fixed order."""
    results = []
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            status, detail = "ok", check()
        except Skipped as exc:
            status, detail = "skipped", str(exc)
        except Exception as exc:  # any failure of the part is the answer, never a 500
            first_line = (str(exc).strip().splitlines() or [""])[0][:300]
            status, detail = "failed", f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
        results.append(CheckResult(name, status, detail, round((time.monotonic() - started) * 1000, 1)))
    return results
