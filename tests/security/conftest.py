"""Security fixtures: rate-limit counters start empty in each test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
