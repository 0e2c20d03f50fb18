"""Where a diagram's arrow labels go: beside their arrow, clear of every shape, caption and other label.

viewflow lays steps out on a tight grid (often 16px between a gateway and the next box) and knows nothing
of labels, so a label put "just after the arrow leaves its step" ran into the next box. Here each label
tries spots along its arrow, nearest the source first; when none is free, the grid is opened up (every
column right of the arrow's gap, or row below it, moves along) so there is room, and the search runs again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from math import ceil
from textwrap import wrap
from typing import Any

from viewflow.workflow import chart

LABEL_CHAR_WIDTH = 6.5  # 11px Arial averages under 6.5px a character: a generous estimate, so no label is cut off
LABEL_ASCENT = 10  # an 11px label's box, from its baseline
LABEL_DESCENT = 3
LINE_HEIGHT = 13  # between the baselines of a wrapped label's lines
WRAP_FROM = 20  # a label longer than this many characters goes onto two lines, past twice this onto three
MAX_LINES = 3
GAP = 4  # clear space kept round every shape and label
STEP = 4  # how finely spots along an arrow are tried
MAX_WIDENINGS = 40
Gap = tuple[int, float, float, float]  # axis (0 across, 1 down), from, to, by how much
Needs = list[list[Gap]]
Captions = Sequence[tuple[chart.Cell, str, int, int]]


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )

    def padded(self, pad: float) -> Box:
        return Box(self.left - pad, self.top - pad, self.right + pad, self.bottom + pad)


@cache
def label_lines(text: str) -> tuple[str, ...]:
    """A long label broken at word boundaries onto two lines (three if longer), each about as long, so it is
    about half as wide: one 36-character condition on a line widened a 50-step diagram by three quarters.
    Every word is kept exactly as written; a single word longer than a line stays whole."""
    if len(text) <= WRAP_FROM:
        return (text,)
    count = min(MAX_LINES, ceil(len(text) / WRAP_FROM))
    width = ceil(len(text) / count)
    while len(lines := wrap(text, width, break_long_words=False, break_on_hyphens=False)) > count:
        width += 1
    return tuple(lines)


def label_width(text: str) -> float:
    return max(len(line) for line in label_lines(text)) * LABEL_CHAR_WIDTH


def label_height(text: str) -> float:
    return (len(label_lines(text)) - 1) * LINE_HEIGHT + LABEL_ASCENT + LABEL_DESCENT


def label_box(text: str, pos: tuple[float, float]) -> Box:
    """The box a label drawn at `pos` (text start, first baseline) covers, by the same width estimate the view
    size uses: its longest line wide, its lines high."""
    x, y = pos
    return Box(x, y - LABEL_ASCENT, x + label_width(text), y - LABEL_ASCENT + label_height(text))


def caption_box(text: str, centre_x: float, baseline: float) -> Box:
    half = label_width(text) / 2
    return Box(centre_x - half, baseline - LABEL_ASCENT, centre_x + half, baseline - LABEL_ASCENT + label_height(text))


def cell_box(cell: chart.Cell) -> Box:
    shape = cell.shape
    return Box(shape.x, shape.y, shape.x + shape.width, shape.y + shape.height)


def labels_place(grid: chart.Grid, edges: Sequence[Any], captions: Captions) -> None:
    """Set `label_pos` on every labelled edge row, moving the grid's cells and arrows apart where needed.

    `edges` are rows with `segments`, `label` and `label_pos`; `captions` are (cell, text, x, y) with x, y
    relative to the cell, as the template draws them."""
    for _ in range(MAX_WIDENINGS):
        needs = _caption_needs(grid, captions) + _place_all(grid, edges, captions)
        if not needs or not _widen(grid, edges, needs):
            return


def _caption_needs(grid: chart.Grid, captions: Captions) -> Needs:
    """A caption under a shape that runs into a neighbour needs the gap between the two opened."""
    needs: Needs = []
    for cell, text, x, y in captions:
        own, box = cell_box(cell), caption_box(text, cell.shape.x + x, cell.shape.y + y).padded(GAP)
        for other in grid.cells:
            shape = cell_box(other)
            if other is cell or not box.overlaps(shape):
                continue
            if shape.left >= own.right:
                needs.append([(0, own.right, shape.left, box.right - shape.left)])
            elif shape.right <= own.left:
                needs.append([(0, shape.right, own.left, shape.right - box.left)])
            elif shape.top >= own.bottom:
                needs.append([(1, own.bottom, shape.top, box.bottom - shape.top)])
    return needs


def _place_all(grid: chart.Grid, edges: Sequence[Any], captions: Captions) -> Needs:
    """Place every label; for each with no free spot (placed at its least bad one), the gaps that would make room."""
    obstacles = [cell_box(cell).padded(GAP) for cell in grid.cells]
    obstacles += [caption_box(text, cell.shape.x + x, cell.shape.y + y).padded(GAP) for cell, text, x, y in captions]
    lines = [(edge, _segment_box(a, b)) for edge in edges for a, b in pairwise(edge.segments)]
    needs: Needs = []
    for edge in edges:
        edge.label_pos = None
        if not edge.label or len(edge.segments) < 2:
            continue
        width, height = label_width(edge.label), label_height(edge.label)
        # Only what lies near this arrow can be hit: a 50-step diagram has ~200 boxes and lines.
        around = _union([_segment_box(a, b) for a, b in pairwise(edge.segments)])
        near = Box(
            around.left - width - 10, around.top - height - 10, around.right + width + 10, around.bottom + height + 10
        )
        hard = [o for o in obstacles if o.overlaps(near)]
        soft = [line for other, line in lines if other is not edge and line.overlaps(near)]
        free, fallback = None, None
        for pos in _spots(edge.segments, width, height):
            box = label_box(edge.label, pos)
            if box.left < 0 or box.top < 0 or any(box.overlaps(o) for o in hard):
                continue
            if not any(box.overlaps(line) for line in soft):
                free = pos
                break
            fallback = fallback or pos  # crosses another arrow only: the white halo keeps it readable
        if free is None and fallback is None:
            needs.append(_edge_gaps(edge))
        edge.label_pos = free or fallback or _first_spot(edge.segments, height)
        obstacles.append(label_box(edge.label, edge.label_pos).padded(GAP))
    return needs


def _union(boxes: Sequence[Box]) -> Box:
    return Box(
        min(b.left for b in boxes), min(b.top for b in boxes), max(b.right for b in boxes), max(b.bottom for b in boxes)
    )


def _edge_gaps(edge: Any) -> list[Gap]:
    """Gaps (axis, from, to, by how much) that would give a stuck label room: a level stretch wider first."""
    room = label_width(edge.label) + 24
    gaps: list[Gap] = []
    for axis in (0, 1):
        for a, b in pairwise(edge.segments):
            if a[1 - axis] == b[1 - axis] and a[axis] != b[axis]:
                length = abs(a[axis] - b[axis])
                by = room - length if axis == 0 else label_height(edge.label) + 3 * GAP
                gaps.append((axis, min(a[axis], b[axis]), max(a[axis], b[axis]), by))
    return gaps


def _segment_box(a: Sequence[int], b: Sequence[int]) -> Box:
    return Box(min(a[0], b[0]) - 1, min(a[1], b[1]) - 1, max(a[0], b[0]) + 1, max(a[1], b[1]) + 1)


def _spots(segments: Sequence, width: float, height: float) -> Iterator[tuple[int, int]]:
    """Label spots along the arrow from its source: above/below a level stretch, right/left of an upright one.
    A spot is the first line's baseline: above a stretch, a wrapped label starts higher by its extra lines."""
    above = int(height - LABEL_ASCENT - LABEL_DESCENT)
    for (x1, y1), (x2, y2) in pairwise(segments):
        if y1 == y2:
            lo, hi = min(x1, x2), max(x1, x2)
            xs = range(lo + 6, max(hi - 6, lo + 7), STEP)
            for x in xs if x2 >= x1 else reversed(xs):
                yield (x, y1 - 6 - above)
                yield (x, y1 + 15)
        elif x1 == x2:
            lo, hi = min(y1, y2), max(y1, y2)
            ys = range(lo + 14, max(hi - 2, lo + 15), STEP)
            for y in ys if y2 >= y1 else reversed(ys):
                yield (x1 + 8, y)
                yield (int(x1 - 8 - width), y)


def _first_spot(segments: Sequence, height: float) -> tuple[int, int]:
    (x1, y1), (x2, y2) = segments[0], segments[1]
    above = int(height - LABEL_ASCENT - LABEL_DESCENT)
    if y1 == y2:
        return (min(x1, x2) + 10, y1 - 6 - above)
    return (x1 + 8, y1 + 16) if y2 > y1 else (x1 + 8, y1 - 10 - above)


def _widen(grid: chart.Grid, edges: Sequence[Any], needs: Needs) -> bool:
    """Open the grid at each need's first gap that has a clear line across the whole diagram, all at once: the
    cuts furthest along first, so a shift never moves a cut still to be made (a cut is never inside a cell)."""
    cuts: dict[tuple[int, int], int] = {}
    for gaps in needs:
        for axis, lo, hi, by in gaps:
            cut = next(
                (c for c in range(int(lo) + 1, int(hi)) if not any(_spans(x, axis, c) for x in grid.cells)), None
            )
            if cut is not None:
                cuts[(axis, cut)] = max(cuts.get((axis, cut), 0), max(int(by) + 1, STEP))
                break
    for (axis, cut), by in sorted(cuts.items(), reverse=True):
        _shift(grid, edges, axis, cut + 0.5, by)
    return bool(cuts)


def _spans(cell: chart.Cell, axis: int, cut: float) -> bool:
    start = cell.shape.x if axis == 0 else cell.shape.y
    size = cell.shape.width if axis == 0 else cell.shape.height
    return start - GAP <= cut <= start + size + GAP


def _shift(grid: chart.Grid, edges: Sequence[Any], axis: int, cut: float, by: int) -> None:
    """Move every cell and arrow point past `cut` along by `by`; arrows crossing the cut stretch, staying square."""
    for cell in grid.cells:
        if axis == 0 and cell.shape.x + cell.shape.width / 2 > cut:
            cell.shape.x += by
        if axis == 1 and cell.shape.y + cell.shape.height / 2 > cut:
            cell.shape.y += by
    for edge in edges:
        edge.segments = [
            [p[0] + by, p[1]] if axis == 0 and p[0] > cut else [p[0], p[1] + by] if axis == 1 and p[1] > cut else p
            for p in edge.segments
        ]
    if axis == 0:
        grid.width += by
    else:
        grid.height += by
