"""No word on a library diagram sits on a shape or on another word: each arrow label and end caption, sized by
the layout's own width estimate, is checked against every step's box in the drawn SVG. viewflow's grid leaves
16px between a gateway and the next box, so labels placed "just after the arrow leaves" ran into boxes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from unittest.mock import patch
from xml.etree import ElementTree

import pytest
from viewflow.workflow import chart

from workflows.compile import workflow_compile
from workflows.diagram import diagram_svg
from workflows.diagram_labels import Box, caption_box, label_box

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = sorted((ROOT / "workflows" / "library").glob("*.json"))
SVG = "{http://www.w3.org/2000/svg}"


def _words(text: ElementTree.Element) -> str:
    """A label's words as drawn: its lines (tspans) joined, or its text; never its tooltip."""
    lines = [line.text for line in text.iter(f"{SVG}tspan")]
    return (
        " ".join(lines) if lines else text.text if text.find(f"{SVG}title") is None else text.find(f"{SVG}title").tail
    )


def _drawn(definition: dict, name: str):
    flow_class = workflow_compile(definition, class_name=f"labellayout{name.replace('-', '')}")
    grid = chart.calc_layout_data(flow_class)
    svg = ElementTree.fromstring(diagram_svg(grid, flow_class.definition_json))
    sizes = {cell.node.name: (cell.shape.width, cell.shape.height) for cell in grid.cells}
    shapes, words = {}, []
    view = [float(n) for n in svg.get("viewBox").split()]
    for group in svg.findall(f"{SVG}g"):
        x, y = (float(n) for n in re.findall(r"-?[\d.]+", group.get("transform")))
        width, height = sizes[group.get("id")]
        shapes[group.get("id")] = Box(x, y, x + width, y + height)
        for text in group.iter(f"{SVG}text"):
            if text.get("class") == "caption":
                word = _words(text)
                words.append((word, caption_box(word, x + float(text.get("x")), y + float(text.get("y")))))
    for text in svg.iter(f"{SVG}text"):
        if text.get("class") == "edge-label":
            label = _words(text)
            words.append((label, label_box(label, (float(text.get("x")), float(text.get("y"))))))
    return shapes, words, view


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_no_label_of_a_library_diagram_touches_a_shape_or_another_label(path):
    shapes, words, (_, _, width, height) = _drawn(json.loads(path.read_text())["definition"], path.stem)
    assert words, "every library workflow labels some arrow or end"
    clashes = [(word, step) for word, box in words for step, shape in shapes.items() if box.overlaps(shape)]
    clashes += [(a, b) for i, (a, box) in enumerate(words) for b, other in words[i + 1 :] if box.overlaps(other)]
    outside = [word for word, box in words if box.left < 0 or box.top < 0 or box.right > width or box.bottom > height]
    assert (clashes, outside) == ([], [])


def test_the_missed_bin_branches_get_room_beside_the_gateway():
    """The audit's case: "Collected" ran into the next box; the next column moves right to make room."""
    path = ROOT / "workflows" / "library" / "missed-bin.json"
    shapes, words, _ = _drawn(json.loads(path.read_text())["definition"], "missedbinroom")
    collected = dict(words)["Collected"]
    assert shapes["check__route"].right < collected.left < collected.right < shapes["tell_collected"].left


def test_a_long_branch_label_wraps_onto_lines_and_the_diagram_is_narrower():
    """A 60-character condition drawn on one line widened its diagram; wrapped at words onto three lines, it
    takes a third of the width, every word kept and the whole in its tooltip."""
    condition = "the outcome of “Check the application is complete” is “ok”"
    definition = {
        "title": "Wrap",
        "start": "check",
        "steps": [
            {
                "id": "check",
                "type": "task",
                "title": "Check",
                "assign": {"team": "waste"},
                "outcomes": [{"id": "ok", "label": condition}, {"id": "no", "label": "No"}],
                "next": {"ok": "done", "no": "stop"},
            },
            {"id": "done", "type": "end", "outcome": "resolved"},
            {"id": "stop", "type": "end", "outcome": "no_action"},
        ],
    }
    flow_class = workflow_compile(definition, class_name="labellayoutwrap")
    svg = diagram_svg(chart.calc_layout_data(flow_class), flow_class.definition_json)
    drawn = ElementTree.fromstring(svg)
    (text,) = [t for t in drawn.iter(f"{SVG}text") if t.get("class") == "edge-label" and "Check" in _words(t)]
    lines = [tspan.text for tspan in text.iter(f"{SVG}tspan")]
    assert (len(lines), " ".join(lines), text.find(f"{SVG}title").text) == (3, condition, condition)
    assert max(map(len, lines)) <= len(condition) / 2
    assert all(tspan.get("x") == text.get("x") for tspan in text.iter(f"{SVG}tspan"))

    with patch("workflows.diagram_labels.label_lines", lambda text: (text,)):
        unwrapped = ElementTree.fromstring(diagram_svg(chart.calc_layout_data(flow_class), flow_class.definition_json))
    assert float(drawn.get("viewBox").split()[2]) < float(unwrapped.get("viewBox").split()[2])
