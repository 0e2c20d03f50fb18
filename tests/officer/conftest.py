"""Fixtures for the officer workspace tests: a case officer's client and a helper to drive cases."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    skip_pg = pytest.mark.skip(reason="needs PostgreSQL")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_pg)


@pytest.fixture
def officer_client(client, demo):
    def login(username: str):
        client.force_login(demo.user(username))
        return client

    return login


@pytest.fixture
def claimed_case(demo, submit_missed_bin):
    """A riverside missed-bin case whose check task Sam Patel (riverside-waste) has claimed."""
    from casework.models import CaseTask
    from casework.services.tasks import task_claim

    def make(**overrides):
        case = submit_missed_bin(demo.service("riverside", "missed-bin"), **overrides)
        task_claim(demo.user("riverside-waste"), CaseTask.objects.get(case=case, is_open=True))
        case.refresh_from_db()
        return case

    return make
