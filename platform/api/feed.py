"""The events feed's numbering: positions are given only to committed events, one locked pass at a time.

Paging by event id would skip an event whose transaction commits after a reader has read past a higher id. A position
given after commit cannot: every pass numbers only rows it can see (committed ones), in id order, above every position
already given, and passes never overlap (an advisory lock on PostgreSQL; SQLite has one writer at a time).
"""

from __future__ import annotations

from django.db import connection, transaction

from casework.models import CaseEvent

FEED_NUMBER_BATCH = 1000  # more than a feed page holds (200), so one pass per read keeps up
FEED_LOCK_KEY = 727_401  # pg_advisory_xact_lock key for the numbering pass


def event_feed_number(*, batch: int = FEED_NUMBER_BATCH) -> int:
    """Number up to `batch` committed events that have no feed position yet; returns how many were numbered."""
    table = connection.ops.quote_name(CaseEvent._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK_KEY])
        cursor.execute(
            f"""UPDATE {table} SET feed_position = numbered.position
                FROM (SELECT id, (SELECT COALESCE(MAX(feed_position), 0) FROM {table})
                                 + ROW_NUMBER() OVER (ORDER BY id) AS position
                      FROM {table} WHERE feed_position IS NULL ORDER BY id LIMIT %s) AS numbered
                WHERE {table}.id = numbered.id""",
            [batch],
        )
        return cursor.rowcount
