"""Tiny server-rendered SVG charts (no JavaScript): stacked bars for channel mix, lines for trends.

Every chart has a title and description for screen readers; the same numbers are always in a table beside it.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 640, 260, 48, 36, 28, 130
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#912b88", "#d4351c", "#505a5f")


def _frame(title: str, body: list[str], y_max: float, unit: str) -> SafeString:
    plot_h = HEIGHT - TOP - BOTTOM
    grid = []
    for i in range(5):
        value = y_max * i / 4
        y = TOP + plot_h - plot_h * i / 4
        grid.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{value:.0f}{escape(unit)}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>" + "".join(grid) + "".join(body) + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 — every label above is escaped


def _legend(names: list[str]) -> list[str]:
    return [
        f'<rect x="{WIDTH - RIGHT + 10}" y="{TOP + 18 * i}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
        f'<text x="{WIDTH - RIGHT + 28}" y="{TOP + 18 * i + 10}" font-size="12">{escape(name)}</text>'
        for i, name in enumerate(names)
    ]


def _x_labels(categories: list[str], step: float) -> list[str]:
    return [
        f'<text x="{LEFT + step * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">{escape(c)}</text>'
        for i, c in enumerate(categories)
    ]


def stacked_bars(*, title: str, categories: list[str], series: dict[str, list[float]], unit: str = "") -> SafeString:
    """One bar per category, one coloured segment per series (e.g. months × channels)."""
    totals = [sum(values[i] or 0 for values in series.values()) for i in range(len(categories))]
    y_max = _nice(max(totals, default=0))
    plot_h, step = HEIGHT - TOP - BOTTOM, (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
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
    return _frame(title, body + _x_labels(categories, step) + _legend(list(series)), y_max, unit)


def lines(
    *,
    title: str,
    categories: list[str],
    series: dict[str, list[float | None]],
    unit: str = "",
    y_max: float | None = None,
) -> SafeString:
    """One line per series across the categories; gaps where a value is missing."""
    values = [v for vs in series.values() for v in vs if v is not None]
    y_max = y_max or _nice(max(values, default=0))
    plot_h, step = HEIGHT - TOP - BOTTOM, (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
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
    return _frame(title, body + _x_labels(categories, step) + _legend(list(series)), y_max, unit)


def _nice(value: float) -> float:
    """A round axis maximum at or above `value`."""
    if value <= 0:
        return 1.0
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        if value <= nice:
            return float(nice)
    return float(value)
