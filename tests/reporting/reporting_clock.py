"""Moments in October 2026 for the hand-computed reporting data set (a plain module: conftest names clash across folders)."""

from __future__ import annotations

import datetime as dt

UTC = dt.UTC


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC)
