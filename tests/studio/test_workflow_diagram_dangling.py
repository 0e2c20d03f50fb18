"""An old or imported draft whose arrow names a missing step still gets a diagram in the builder: the arrow ends at
a marked stand-in saying which step is missing, and the step naming it is outlined. A draft that cannot be drawn
at all says why in the diagram panel instead of showing nothing (or failing)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from workflows.services import workflow_definition_new_draft

pytestmark = pytest.mark.django_db


def _draft(demo, change):
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    change(draft.definition)
    draft.save()  # as an import or an older studio stored it: the save check never saw it
    return draft


def _diagram(client, draft) -> str:
    html = unescape(client.get(f"/admin/studio/workflows/{draft.pk}/diagram/").content.decode())
    page = unescape(client.get(f"/admin/studio/workflows/{draft.pk}/").content.decode())
    panel = re.search(r'<div id="wf-diagram".*?</div>', page, re.S).group(0)
    assert re.sub(r"\s+", " ", panel) == re.sub(
        r"\s+", " ", re.search(r'<div id="wf-diagram".*?</div>', html, re.S).group(0)
    )
    return panel


def test_an_arrow_to_a_missing_step_is_drawn_to_a_marked_stand_in(client, demo):
    client.force_login(demo.user("riverside-designer"))
    draft = _draft(demo, lambda d: d["steps"][0]["next"].update(collected="nowhere"))
    panel = _diagram(client, draft)
    assert "<svg" in panel and "No step “nowhere”" in panel
    assert re.search(r'<g id="check" [^>]*class="[^"]*\bproblem\b', panel), "the step naming it is outlined"
    assert re.search(r'<g id="missing_step_nowhere" [^>]*class="[^"]*\bproblem\b', panel)
    assert re.search(r'id="check__route__missing_step_nowhere"', panel), "the arrow is drawn"
    assert 'id="tell_collected"' in panel, "the rest of the flow is drawn too"


def test_a_draft_that_cannot_be_drawn_says_why_in_the_diagram_panel(client, demo):
    client.force_login(demo.user("riverside-designer"))
    draft = _draft(demo, lambda d: d["steps"][1].update(type="bogus"))
    panel = _diagram(client, draft)
    assert "<svg" not in panel
    assert "No diagram yet" in panel and 'href="#studio-error-summary-title"' in panel
    page = unescape(client.get(f"/admin/studio/workflows/{draft.pk}/").content.decode())
    assert 'id="studio-error-summary-title"' in page and "bogus" in page  # the link leads to the reason
