"""The officer benchmark counts each page's real queries even when Django's query log is already full.

Django keeps only the last 9,000 queries (`connection.queries_log`); seeding a million cases fills it, and
a capture then counted "max 0 queries/page". The benchmark empties the log before each page.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from benchmarks.officer import _timed_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(demo):
    client = Client()
    client.force_login(demo.user("riverside-leader"))
    client.get("/work/")  # warm: the first request also loads the session and the user
    return client


def test_query_count_is_the_same_with_the_query_log_empty_or_full(leader, settings):
    settings.DEBUG = True  # as in a benchmark run: every query goes to the log
    connection.queries_log.clear()
    _, counted_on_empty_log = _timed_pages(leader, ["/work/"])

    connection.queries_log.extend({"sql": "SELECT 1", "time": "0.000"} for _ in range(connection.queries_limit))
    _, counted_on_full_log = _timed_pages(leader, ["/work/"])

    assert counted_on_empty_log > 0
    assert counted_on_full_log == counted_on_empty_log
