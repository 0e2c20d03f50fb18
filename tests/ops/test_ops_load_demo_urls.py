"""`manage.py load_demo` prints the addresses the platform is served at (SITE_URL, from `make run`'s HOST/PORT)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.slow  # loads every demo council and service
def test_load_demo_prints_the_site_url_not_a_fixed_port(demo, settings):
    settings.SITE_URL = "http://127.0.0.1:8123/"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Officer workspace: http://127.0.0.1:8123/work/" in text and "Admin: http://127.0.0.1:8123/admin/" in text
    assert ":8000" not in text
