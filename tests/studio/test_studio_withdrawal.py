"""The studio edits a workflow's withdrawal rule through its settings form, and shows the check's message there."""

from __future__ import annotations

from html import unescape

import pytest

from admin_ext.studio.workflow_model import workflow_values
from workflows.services import workflow_definition_new_draft


@pytest.mark.django_db
def test_a_designer_sets_and_clears_the_withdrawal_rule(client, demo):
    client.force_login(demo.user("riverside-designer"))
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    url = f"/admin/studio/workflows/{draft.pk}/"
    page = client.get(url).content.decode()
    assert "Withdrawal by the resident" in page and 'name="withdrawal_before_status"' in page
    values = {"action": "settings", **workflow_values(draft.definition)}

    response = client.post(
        url,
        {
            **values,
            "withdrawal_before_status": "in_progress",
            "withdrawal_message": "We have stopped your request.",
            "withdrawal_cy_message": "Rydym wedi atal eich cais.",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.definition["withdrawal"] == {
        "before_status": "in_progress",
        "resident_message": "We have stopped your request.",
        "translations": {"cy": {"resident_message": "Rydym wedi atal eich cais."}},
    }

    # A rule the check refuses is shown at its control and not saved.
    response = client.post(url, {**values, **workflow_values(draft.definition), "withdrawal_before_status": "open"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'every case starts "open"' in html and 'href="#settings-withdrawal_before_status"' in html
    draft.refresh_from_db()
    assert draft.definition["withdrawal"]["before_status"] == "in_progress"

    cleared = {k: "" for k in workflow_values(draft.definition) if k.startswith("withdrawal_")}
    assert client.post(url, {**values, **workflow_values(draft.definition), **cleared}).status_code == 302
    draft.refresh_from_db()
    assert "withdrawal" not in draft.definition


@pytest.mark.django_db
def test_the_task_form_shows_cancel_on_rows(client, demo):
    client.force_login(demo.user("riverside-designer"))
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    page = client.get(f"/admin/studio/workflows/{draft.pk}/?step=check").content.decode()  # the task's form
    assert "Cancelled by a timer or an event" in page and 'name="cancel-0-kind"' in page
    assert "an officer presses a button" in page


@pytest.mark.django_db
def test_a_cancel_on_reply_picks_one_of_the_workflows_connector_slots(client, demo):
    """The slot is a select of the workflow's own slots (plus "any"); a forged slot is refused at its control and
    not saved; a stored slot the workflow no longer declares stays shown, marked."""
    import re

    from admin_ext.studio.workflow_model import step_values

    def options(page: str, name: str) -> list[tuple[str, str]]:
        select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
        assert select, f"{name} is a select, not free text"
        return re.findall(r'<option value="([^"]*)"[^>]*>\s*([^<]*?)\s*</option>', select.group(0))

    client.force_login(demo.user("riverside-designer"))
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    draft.definition["connectors"] = [{"slot": "records", "type": "rest"}]
    draft.definition["steps"][0]["cancel_on"] = [{"event": "connector_reply", "connector": "records", "next": "refer"}]
    draft.save()
    url = f"/admin/studio/workflows/{draft.pk}/"
    page = unescape(client.get(f"{url}?step=check").content.decode())
    assert options(page, "cancel-0-connector") == [("", "any connector"), ("records", "records (rest)")]
    assert options(page, "cancel-1-connector") == [("", "any connector"), ("records", "records (rest)")]

    before = draft.definition
    values = {"action": "step-save", "index": "0", **step_values(draft.definition["steps"][0])}
    response = client.post(url, {**values, "cancel-0-connector": "gone"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'no connector slot "gone" is declared' in html
    assert 'name="cancel-0-connector" aria-describedby="s0-cancel-0-connector-error"' in html  # at its control
    draft.refresh_from_db()
    assert draft.definition == before

    draft.definition["connectors"] = []  # an old draft whose slot has since gone
    draft.save()
    page = unescape(client.get(f"{url}?step=check").content.decode())
    assert options(page, "cancel-0-connector") == [("", "any connector"), ("records", "records (not found)")]
