"""Tiny server-rendered SVG charts (no JavaScript): stacked bars for channel mix, lines for trends.

Every chart has a title and description for screen readers; the same numbers are always in a table beside it.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, PLOT_HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 640, 196, 56, 36, 16, 16
LEGEND_ROW, CHAR_WIDTH = 20, 7.2  # legend below the plot, wrapped into rows of the chart's width
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#912b88", "#d4351c", "#505a5f")


def axis_ticks(value: float, *, integer: bool = False) -> list[float]:
    """Round tick values from 0 to at or above `value`, at most five steps; whole numbers only for counts."""
    if value <= 0:
        return [0.0, 1.0]
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integer:
        step = max(1.0, math.ceil(step))
    count = math.ceil(value / step - 1e-9)
    return [step * i for i in range(count + 1)]


def _tick_label(value: float, unit: str) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}{unit}"


def _legend_rows(names: list[str]) -> list[list[tuple[int, str]]]:
    rows: list[list[tuple[int, str]]] = [[]]
    used = 0.0
    for i, name in enumerate(names):
        width = 28 + CHAR_WIDTH * len(name)
        if rows[-1] and used + width > WIDTH - LEFT:
            rows.append([])
            used = 0.0
        rows[-1].append((i, name))
        used += width
    return rows


def _frame(title: str, body: list[str], ticks: list[float], unit: str, names: list[str]) -> SafeString:
    plot_h, y_max = PLOT_HEIGHT, ticks[-1]
    rows = _legend_rows(names) if names else []
    height = TOP + plot_h + BOTTOM + LEGEND_ROW * len(rows) + 4
    grid = []
    for value in ticks:
        y = TOP + plot_h - plot_h * value / y_max
        grid.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{escape(_tick_label(value, unit))}</text>'
        )
    legend = []
    for r, row in enumerate(rows):
        x, y = float(LEFT), TOP + plot_h + BOTTOM + LEGEND_ROW * r
        for i, name in row:
            legend.append(
                f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                f'<text x="{x + 18:.1f}" y="{y + 11}" font-size="13">{escape(name)}</text>'
            )
            x += 28 + CHAR_WIDTH * len(name)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>" + "".join(grid) + "".join(body) + "".join(legend) + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 — every label above is escaped


def _x_labels(categories: list[str], step: float) -> list[str]:
    every = max(1, math.ceil(len(categories) * 44 / (WIDTH - LEFT - RIGHT)))  # no overlapping labels
    return [
        f'<text x="{LEFT + step * (i + 0.5):.1f}" y="{TOP + PLOT_HEIGHT + 18}" text-anchor="middle" font-size="12">{escape(c)}</text>'
        for i, c in enumerate(categories)
        if i % every == 0
    ]


def stacked_bars(
    *, title: str, categories: list[str], series: dict[str, list[float]], unit: str = "", integer: bool = True
) -> SafeString:
    """One bar per category, one coloured segment per series (e.g. months × channels); counts by default."""
    totals = [sum(values[i] or 0 for values in series.values()) for i in range(len(categories))]
    ticks = axis_ticks(max(totals, default=0), integer=integer)
    y_max = ticks[-1]
    plot_h, step = PLOT_HEIGHT, (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    body = []
    for i in range(len(categories)):
        y = TOP + plot_h
        for s, (name, values) in enumerate(series.items()):
            h = plot_h * (values[i] or 0) / y_max
            y -= h
            body.append(
                f'<rect x="{LEFT + step * i + step * 0.15:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(categories[i])} {escape(name)}: {values[i] or 0}</title></rect>'
            )
    return _frame(title, body + _x_labels(categories, step), ticks, unit, list(series))


def lines(
    *,
    title: str,
    categories: list[str],
    series: dict[str, list[float | None]],
    unit: str = "",
    y_max: float | None = None,
    integer: bool = False,
) -> SafeString:
    """One line per series across the categories; gaps where a value is missing. `integer`: a count axis."""
    values = [float(v) for vs in series.values() for v in vs if v is not None]
    ticks = axis_ticks(y_max or max(values, default=0), integer=integer)
    y_max = ticks[-1]
    plot_h, step = PLOT_HEIGHT, (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    body = []
    for s, (name, vs) in enumerate(series.items()):
        colour = PALETTE[s % len(PALETTE)]
        points = [
            (LEFT + step * (i + 0.5), TOP + plot_h - plot_h * float(v) / y_max)
            for i, v in enumerate(vs)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in points]
    return _frame(title, body + _x_labels(categories, step), ticks, unit, list(series))
