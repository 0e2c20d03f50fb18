"""Portable SQL pieces: epoch seconds of a timestamp, percentiles (percentile_cont on PostgreSQL, window functions
over the same rows on SQLite) and `figures_by`, which turns one row-level queryset into per-group and overall
counts, sums, means and percentiles. Every figure is computed in the database."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, FloatField, Func, QuerySet, Value
from django.db.models.expressions import Combinable, CombinedExpression
from django.db.models.sql.compiler import SQLCompiler

TOTAL = None  # key of the all-groups row in `figures_by` results (group values are never NULL there)
FRACTIONS = (0.5, 0.9)


class EpochSeconds(Func):
    """Seconds since 1970 of a datetime expression, as a float, on both databases."""

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM %(expressions)s)::float"  # PostgreSQL

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def seconds_between(start: str | Combinable, end: str | Combinable) -> CombinedExpression:
    """end − start in seconds (either may be a field name or an expression)."""
    start = F(start) if isinstance(start, str) else start
    end = F(end) if isinstance(end, str) else end
    return EpochSeconds(end) - EpochSeconds(start)


@contextmanager
def reporting_session() -> Iterator[None]:
    """One transaction for a page's report queries; on PostgreSQL without JIT (compiling costs more than these
    index-backed aggregates take) and with room to sort a year of cases in memory for exact percentiles."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
        yield


def figures_by(
    queryset: QuerySet,
    *,
    group: str | None,
    totals: bool = False,
    sums: dict[str, Any] | None = None,
    means: dict[str, Any] | None = None,
    percentiles: dict[str, tuple[Any, tuple[float, ...]]] | None = None,
    also: tuple[QuerySet, dict[str, Any]] | None = None,
) -> dict[Any, dict[str, Any]]:
    """{group value: {"n": rows, name: figure}} over the rows of `queryset`; with `totals`, also key TOTAL for all rows.

    `sums` and `means` map names to row expressions (NULLs ignored); `percentiles` maps names to (expression,
    fractions) and gives {fraction: value} per group, percentile_cont semantics. PostgreSQL: one query, with
    GROUPING SETS for the totals. SQLite: one query for the sums and means (two with totals) and one per percentile.
    `also` = (queryset, {sum name: expression}) adds another model's rows to the sums, in the same statement (so
    one snapshot); `n` then counts the rows of both.
    """
    sums, means, percentiles = sums or {}, means or {}, percentiles or {}
    columns = {"_g": F(group) if group else Value(0)}
    columns.update({f"s{i}": expr for i, expr in enumerate(sums.values())})
    columns.update({f"m{i}": expr for i, expr in enumerate(means.values())})
    columns.update({f"p{i}": expr for i, (expr, _) in enumerate(percentiles.values())})
    inner, params = queryset.order_by().annotate(**columns).values(*columns).query.sql_with_params()
    if also is not None:  # more rows, of another model, with their own expressions for the same sums (UNION ALL)
        assert not (means or percentiles), "`also` adds rows to sums only"
        other, other_sums = also
        other_columns = {"_g": columns["_g"], **{f"s{i}": other_sums[name] for i, name in enumerate(sums)}}
        more, more_params = other.order_by().annotate(**other_columns).values(*other_columns).query.sql_with_params()
        inner, params = f"{inner} UNION ALL {more}", (*params, *more_params)
    outputs = ["COUNT(*)"] + [f"SUM(s{i})" for i in range(len(sums))] + [f"AVG(m{i})" for i in range(len(means))]
    names = ["n", *sums, *means]
    grouping = bool(group)
    result: dict[Any, dict[str, Any]]
    if connection.vendor == "postgresql":
        outputs += [
            f"PERCENTILE_CONT(ARRAY{list(map(float, fr))}::float8[]) WITHIN GROUP (ORDER BY p{i})"
            for i, (_, fr) in enumerate(percentiles.values())
        ]
        names += list(percentiles)
        if grouping and totals:
            sql = f"SELECT GROUPING(_g), _g, {', '.join(outputs)} FROM ({inner}) AS base GROUP BY GROUPING SETS ((_g), ())"
        elif grouping:
            sql = f"SELECT 0, _g, {', '.join(outputs)} FROM ({inner}) AS base GROUP BY _g"
        else:
            sql = f"SELECT 1, NULL, {', '.join(outputs)} FROM ({inner}) AS base"
        result = _rows_to_figures(_fetch(sql, params), names)
        for name, (_, fractions) in percentiles.items():
            for figures in result.values():
                figures[name] = dict(zip(fractions, figures[name] or (None,) * len(fractions), strict=True))
        return result
    result = {}
    passes = [(grouping, "_g")] + ([(False, "0")] if grouping and totals else [])
    for grouped, key in passes:
        select = (
            f"SELECT {0 if grouped else 1}, {'_g' if grouped else 'NULL'}, {', '.join(outputs)} FROM ({inner}) AS base"
        )
        result.update(_rows_to_figures(_fetch(select + (" GROUP BY _g" if grouped else ""), params), names))
        for i, (name, (_, fractions)) in enumerate(percentiles.items()):
            found = _window_percentiles(inner, params, value=f"p{i}", group=key, fractions=fractions)
            for g, figures in result.items():
                if (g is TOTAL) != grouped:
                    figures[name] = found.get(g if grouped else 0, dict.fromkeys(fractions))
    return result


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rows_to_figures(rows: list[tuple], names: list[str]) -> dict[Any, dict[str, Any]]:
    # Empty sets give an all-NULL row when ungrouped (n = 0): keep it, so totals always exist.
    return {TOTAL if is_total else g: dict(zip(names, values, strict=True)) for is_total, g, *values in rows}


def _window_percentiles(
    inner: str, params: Sequence[Any], *, value: str, group: str, fractions: tuple[float, ...]
) -> dict[Any, dict[float, float]]:
    """SQLite: number the non-NULL values per group and keep only the two rows either side of each percentile's
    position, then interpolate like percentile_cont (at most two rows per fraction per group come back)."""
    positions = " OR ".join(
        f"(rn = CAST({f!r} * (n - 1) AS INTEGER) + 1 OR rn = CAST({f!r} * (n - 1) AS INTEGER) + 2)" for f in fractions
    )
    sql = (
        f"SELECT g, v, rn, n FROM (SELECT {group} AS g, {value} AS v, ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY {value}) AS rn, "
        f"COUNT(*) OVER (PARTITION BY {group}) AS n FROM ({inner}) AS base WHERE {value} IS NOT NULL) AS numbered WHERE {positions}"
    )
    picked: dict[Any, dict[int, float]] = {}
    counts: dict[Any, int] = {}
    for g, v, rn, n in _fetch(sql, params):
        picked.setdefault(g, {})[rn] = v
        counts[g] = n
    return {g: {f: _interpolate(picked[g], counts[g], f) for f in fractions} for g in picked}


def percentiles_by(
    queryset: QuerySet, *, value: Any, group: str | None, fractions: Iterable[float] = FRACTIONS
) -> dict[Any, dict[float, float | None]]:
    """{group value: {fraction: percentile}} of `value` over `queryset`, rows with a NULL value ignored. One query."""
    fractions = tuple(fractions)
    figures = figures_by(queryset, group=group, percentiles={"p": (value, fractions)})
    return {g: f["p"] for g, f in figures.items() if f["n"]}


def _interpolate(values_by_row: dict[int, float], n: int, fraction: float) -> float:
    position = fraction * (n - 1)
    lower = math.floor(position)
    low = values_by_row[lower + 1]
    high = values_by_row.get(lower + 2, low)
    return low + (position - lower) * (high - low)
