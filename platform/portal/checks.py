"""System checks for the resident portal's deployment: rate limits need one count across all workers."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

# Caches whose counts are per process (or fake, or not atomic): each worker would count on its own.
NOT_SHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "keeps a separate count in each worker process",
    "django.core.cache.backends.dummy.DummyCache": "counts nothing",
    "django.core.cache.backends.filebased.FileBasedCache": "cannot increment atomically",
    "django.core.cache.backends.db.DatabaseCache": "cannot increment atomically",
}


@checks.register(checks.Tags.caches)
def rate_limit_cache_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With DEBUG off the rate limits must count in a shared cache (Redis), or a limit of 3 becomes 3 per worker."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    reason = NOT_SHARED_CACHES.get(backend)
    if reason is None:
        return []
    return [
        checks.Error(
            f"CACHES['default'] is {backend}, which {reason}: the portal's rate limits (PORTAL_RATE_LIMITS) would not hold.",
            hint="Set REDIS_URL (e.g. redis://host:6379/0) so every web worker counts in one place.",
            id="portal.E001",
        )
    ]
