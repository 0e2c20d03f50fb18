"""Fixed-window rate limits per client IP and per email address, counted in the shared cache (Redis).

Every web worker must see one count, so the cache must be shared (portal/checks.py refuses a process-local
cache when DEBUG is off); add() then incr() are single atomic Redis commands, so concurrent workers never
lose a count. Kept in-house rather than django-ratelimit: our limits are checked mid-view on values from the
draft's answers (not request fields), and django-ratelimit's own check rejects Django's built-in RedisCache.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ipware import get_client_ip

WINDOW_SECONDS = 3600
DEFAULT_LIMITS = {
    "submit_ip": 30,
    "submit_email": 10,
    "link_ip": 20,
    "link_email": 3,
    "upload_ip": 60,
}  # upload: files kept into drafts


def client_ip(request: HttpRequest) -> str:
    """The resident's address as a rate-limit bucket ("unknown" when the server was given none)."""
    return client_address(request) or "unknown"


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT=N proxies in front, the address the outermost of them saw,
    i.e. the N-th X-Forwarded-For entry from the right. None when there is no address (axes stores that).

    Entries further left were written by the client and are ignored, so a forged extra hop neither escapes
    its own bucket nor lands in someone else's. (Gunicorn's --forwarded-allow-ips does not rewrite
    REMOTE_ADDR; only this setting makes the forwarded address count.)
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    # ipware counts the proxies listed inside the header; the nearest proxy is REMOTE_ADDR, not listed.
    ip, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        strict=False,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    if ip is None:  # no or too short a header: the request did not come through every trusted proxy
        return remote
    return str(ipaddress.ip_address(ip))


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
