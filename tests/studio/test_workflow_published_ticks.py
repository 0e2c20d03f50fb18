"""A published workflow shows its separation-of-duties ticks read-only (they were drawn only on drafts)."""

from __future__ import annotations

import re

import pytest

from workflows.services import workflow_definition_new_draft

pytestmark = pytest.mark.django_db


def _checkboxes(html: str) -> dict[str, str]:
    """name -> the whole <input> tag, for every checkbox on the page."""
    return {
        re.search(r'name="([^"]+)"', tag).group(1): tag
        for tag in re.findall(r'<input type="checkbox"[^>]*>', html)
        if 'name="' in tag
    }


def test_published_not_by_ticks_are_shown_disabled(client, demo):
    client.force_login(demo.user("riverside-designer"))
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    step = next(s for s in draft.definition["steps"] if s["id"] == "reroute")
    step["not_by"] = ["check"]
    draft.save()
    url = f"/admin/studio/workflows/{draft.pk}/?step=reroute"  # only the open step's form is on the page
    editable = _checkboxes(client.get(url).content.decode())
    assert "checked" in editable["not_by-check"] and "disabled" not in editable["not_by-check"]

    type(draft).objects.filter(pk=draft.pk).update(status="published")
    boxes = _checkboxes(client.get(url).content.decode())
    assert "checked" in boxes["not_by-check"] and "disabled" in boxes["not_by-check"]
    assert "checked" not in boxes["not_by_anyone"] and "disabled" in boxes["not_by_anyone"]
    assert not any(name.endswith("-remove") for name in boxes)  # actions stay off a read-only version
