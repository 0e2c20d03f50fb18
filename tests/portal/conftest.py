"""Portal fixtures: private upload folder, clean rate-limit counters, a real Chromium for browser tests."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path):
    """Uploads go to a throwaway MEDIA_ROOT; rate-limit windows start empty; English again after each test."""
    from django.core.cache import cache
    from django.utils import translation

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)  # a Welsh page leaves Welsh active in this thread


@pytest.fixture
def png_bytes() -> bytes:
    return PNG_BYTES


@pytest.fixture
def png_file(tmp_path):
    path = tmp_path / "dumped-sofa.png"
    path.write_bytes(PNG_BYTES)
    return path
