"""Portable SQL pieces: epoch seconds of a timestamp, and percentiles (percentile_cont on PostgreSQL,
window functions over the same rows on SQLite). Every figure is computed in the database."""
from __future__ import annotations

import math
from typing import Any, Iterable

from django.db import connection
from django.db.models import Aggregate, F, FloatField, Func, QuerySet


class EpochSeconds(Func):
    """Seconds since 1970 of a datetime expression, as a float, on both databases."""

    output_field = FloatField()

    def as_sql(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, template="EXTRACT(EPOCH FROM %(expressions)s)::float", **extra)

    def as_sqlite(self, compiler, conn, **extra):
        return super().as_sql(compiler, conn, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)", **extra)


def seconds_between(start, end) -> Func:
    """end − start in seconds (either may be a field name or an expression)."""
    start = F(start) if isinstance(start, str) else start
    end = F(end) if isinstance(end, str) else end
    return EpochSeconds(end) - EpochSeconds(start)


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(p) WITHIN GROUP (ORDER BY expr); works in GROUP BY queries."""

    function = "PERCENTILE_CONT"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentiles_by(
    queryset: QuerySet, *, value: Any, group: str | None, fractions: Iterable[float] = (0.5, 0.9)
) -> dict[Any, dict[float, float | None]]:
    """{group value: {fraction: percentile}} of `value` over `queryset`, rows with a NULL value ignored.

    One query. PostgreSQL: percentile_cont. Elsewhere: number the rows per group with window functions and keep
    only the two rows either side of each percentile's position, then interpolate like percentile_cont.
    """
    fractions = tuple(fractions)
    qs = queryset.order_by().annotate(_v=value).filter(_v__isnull=False)
    group_expr = F(group) if group else None
    if connection.vendor == "postgresql":
        rows = qs.annotate(_g=group_expr) if group else qs
        aggregates = {f"_p{i}": PercentileCont("_v", f) for i, f in enumerate(fractions)}
        if group:
            result = rows.values("_g").annotate(**aggregates).values_list("_g", *aggregates)
            return {r[0]: dict(zip(fractions, r[1:])) for r in result}
        out = rows.aggregate(**aggregates)
        return {None: {f: out[f"_p{i}"] for i, f in enumerate(fractions)}}
    inner_sql, params = (qs.annotate(_g=group_expr) if group else qs).values(*(["_g"] if group else []), "_v").query.sql_with_params()
    g = "_g" if group else "0"
    positions = " OR ".join(
        f"(rn = CAST({f!r} * (n - 1) AS INTEGER) + 1 OR rn = CAST({f!r} * (n - 1) AS INTEGER) + 2)" for f in fractions
    )
    sql = (
        f"SELECT g, v, rn, n FROM (SELECT {g} AS g, _v AS v, ROW_NUMBER() OVER (PARTITION BY {g} ORDER BY _v) AS rn, "
        f"COUNT(*) OVER (PARTITION BY {g}) AS n FROM ({inner_sql}) AS base) AS numbered WHERE {positions}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    picked: dict[Any, dict[int, float]] = {}
    counts: dict[Any, int] = {}
    for g_value, v, rn, n in rows:  # at most 2 rows per fraction per group: interpolation, not a loop over cases
        key = g_value if group else None
        picked.setdefault(key, {})[rn] = v
        counts[key] = n
    return {key: {f: _interpolate(picked[key], counts[key], f) for f in fractions} for key in picked}


def _interpolate(values_by_row: dict[int, float], n: int, fraction: float) -> float:
    position = fraction * (n - 1)
    lower = math.floor(position)
    low = values_by_row[lower + 1]
    high = values_by_row.get(lower + 2, low)
    return low + (position - lower) * (high - low)
