"""No word on a library diagram sits on a shape or on another word: each arrow label and end caption, sized by
the layout's own width estimate, is checked against every step's box in the drawn SVG. viewflow's grid leaves
16px between a gateway and the next box, so labels placed "just after the arrow leaves" ran into boxes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from viewflow.workflow import chart

from workflows.compile import workflow_compile
from workflows.diagram import diagram_svg
from workflows.diagram_labels import Box, caption_box, label_box

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = sorted((ROOT / "workflows" / "library").glob("*.json"))
SVG = "{http://www.w3.org/2000/svg}"


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
                words.append((text.text, caption_box(text.text, x + float(text.get("x")), y + float(text.get("y")))))
    for text in svg.iter(f"{SVG}text"):
        if text.get("class") == "edge-label":
            label = "".join(text.itertext()).replace(text.find(f"{SVG}title").text, "", 1)
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
