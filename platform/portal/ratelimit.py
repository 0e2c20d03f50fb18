"""Fixed-window rate limits in the cache (Redis in production), per client IP and per email address."""
from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600
DEFAULT_LIMITS = {"submit_ip": 30, "submit_email": 10, "link_ip": 20, "link_email": 3, "upload_ip": 60}  # upload: files kept into drafts


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR: behind a proxy, the proxy must set it (e.g. gunicorn --forwarded-allow-ips)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(scope: str, *, ip: str, email: str = "") -> bool:
    """Count this attempt; True when the IP or the email has gone over the scope's hourly limit."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "PORTAL_RATE_LIMITS", {})}
    over = _count(f"{scope}_ip", ip) > limits[f"{scope}_ip"]
    if email:
        over = _count(f"{scope}_email", email.strip().lower()) > limits[f"{scope}_email"] or over
    return over


def _count(scope: str, value: str) -> int:
    window = int(time.time() // WINDOW_SECONDS)
    key = f"portal-rl:{scope}:{window}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr: this is the first attempt of a new window
        cache.set(key, 1, WINDOW_SECONDS)
        return 1
