"""Pinned query counts that print the queries when they fail, as Zulip's `assert_database_query_count` does.

A bare "expected 10, got 11" sends the reader off to reproduce the run; the numbered SQL shows the new query
at once. pytest-django's `django_assert_num_queries` prints them only under `-v`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

SQL_SHOWN = 2000  # characters of each statement printed (an IN list of ids can run to pages)


@contextmanager
def assert_query_count(expected: int, *, at_most: bool = False, label: str = "") -> Iterator[CaptureQueriesContext]:
    """Fail unless the block runs exactly `expected` statements (at most, with `at_most`), listing every one."""
    with CaptureQueriesContext(connection) as queries:
        yield queries
    performed = len(queries.captured_queries)
    if performed > expected or (performed < expected and not at_most):
        raise AssertionError(query_count_report(queries, expected=expected, at_most=at_most, label=label))


def query_count_report(queries: CaptureQueriesContext, *, expected: int, at_most: bool = False, label: str = "") -> str:
    """The failure message: "<label>: expected N queries, ran M:", then the numbered SQL of each."""
    bound = "at most " if at_most else ""
    lines = [f"{label + ': ' if label else ''}expected {bound}{expected} queries, ran {len(queries.captured_queries)}:"]
    for number, query in enumerate(queries.captured_queries, start=1):
        sql = query["sql"]
        lines.append(f"{number:>3}. {sql[:SQL_SHOWN]}{' …' if len(sql) > SQL_SHOWN else ''}")
    return "\n".join(lines)
