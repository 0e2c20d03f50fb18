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
