"""Redis databases for the tests that need a real Redis.

CI runs the SQLite and PostgreSQL suites side by side, so each run takes its own block of Redis databases
(`COUNCILFLOW_TEST_REDIS_DB`, default 12): one run's Celery worker never takes the other run's tasks.
"""

from __future__ import annotations

import os

REDIS_TEST_DB = int(os.environ.get("COUNCILFLOW_TEST_REDIS_DB", "12"))


def redis_test_url(offset: int = 0) -> str:
    """The run's Redis database `offset` (0–2) on 127.0.0.1."""
    return f"redis://127.0.0.1:6379/{REDIS_TEST_DB + offset}"
