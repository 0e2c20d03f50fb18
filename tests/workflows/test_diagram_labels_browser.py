"""Every word on a library workflow's diagram lies inside the drawing: Chromium measures each branch label and
end caption. viewflow's grid is sized for the shapes only, so a label right of the last gateway was cut off."""

from __future__ import annotations

import os

import pytest

from workflows.diagram import workflow_svg
from workflows.models import WorkflowDefinition

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OUTSIDE = """() => {
  const svg = document.querySelector('svg');
  const box = svg.viewBox.baseVal;
  const toUser = svg.getScreenCTM().inverse();
  const out = [];
  for (const text of svg.querySelectorAll('text.edge-label, text.caption')) {
    const r = text.getBoundingClientRect();
    for (const [x, y] of [[r.left, r.top], [r.right, r.bottom]]) {
      const p = new DOMPoint(x, y).matrixTransform(toUser);
      if (p.x < box.x - 0.5 || p.y < box.y - 0.5 || p.x > box.x + box.width + 0.5 || p.y > box.y + box.height + 0.5) {
        out.push(text.textContent.trim());
        break;
      }
    }
  }
  return out;
}"""


def test_no_label_of_any_library_diagram_is_cut_off(demo, chromium):
    workflows = list(WorkflowDefinition.objects.filter(council__slug="riverside", status="published"))
    assert len(workflows) >= 7
    page = chromium.new_page(viewport={"width": 1024, "height": 800})
    cut = {}
    for workflow in workflows:
        page.set_content(f"<!doctype html><body style='margin:0'>{workflow_svg(workflow)}</body>")
        if outside := page.evaluate(OUTSIDE):
            cut[workflow.slug] = outside
    page.close()
    assert cut == {}


CLASHES = """() => {
  const rect = (r) => ({l: r.left, t: r.top, r: r.right, b: r.bottom});
  const meet = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;
  const svg = document.querySelector('svg');
  const shapes = [];
  for (const g of svg.querySelectorAll(':scope > g')) {
    const parts = [...g.querySelectorAll('rect, circle, path')].map((el) => rect(el.getBoundingClientRect()));
    shapes.push([g.id, {l: Math.min(...parts.map((p) => p.l)), t: Math.min(...parts.map((p) => p.t)),
                        r: Math.max(...parts.map((p) => p.r)), b: Math.max(...parts.map((p) => p.b))}]);
  }
  const words = [...svg.querySelectorAll('text.edge-label, text.caption')].map(
    (text) => [[...text.childNodes].filter((n) => n.nodeType === 3 || n.tagName === 'tspan')
                 .map((n) => n.textContent).join(' ').trim(),
               rect(text.getBoundingClientRect())]);
  const out = [];
  words.forEach(([word, box], i) => {
    for (const [id, shape] of shapes) if (meet(box, shape)) out.push([word, id]);
    for (const [other, second] of words.slice(i + 1)) if (meet(box, second)) out.push([word, other]);
  });
  return out;
}"""


@pytest.mark.parametrize("slug", ["missed-bin", "foi-request", "premises-licence"])
def test_real_label_widths_clear_every_shape_and_label(demo, chromium, slug):
    """The pure-Python check (test_diagram_label_layout.py) uses the width estimate; here Chromium's own."""
    workflow = WorkflowDefinition.objects.get(council__slug="riverside", status="published", slug=slug)
    page = chromium.new_page(viewport={"width": 1024, "height": 800})
    page.set_content(f"<!doctype html><body style='margin:0'>{workflow_svg(workflow)}</body>")
    clashes = page.evaluate(CLASHES)
    page.close()
    assert clashes == []
