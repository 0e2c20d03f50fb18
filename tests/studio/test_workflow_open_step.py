"""Only the open step's form is on the builder page; every other step is a summary with an Edit control.

Moving to another step saves the open one first (so typed changes are never dropped), a refused save keeps the
input and says the other step was not opened, problem steps stay one link away, and a save fills the derived cache.
"""

from __future__ import annotations

import copy
from html import unescape

import pytest

from admin_ext.studio.workflow_derived import workflow_derived_forget, workflow_derived_remembers
from test_workflow_edit import _FormValues, _post_step, _url
from workflows.diagram import step_label
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


@pytest.fixture
def draft(demo):
    return workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)


def _stored(workflow) -> dict:
    return WorkflowDefinition.objects.get(pk=workflow.pk).definition


def _open_values(client, workflow, step_id: str) -> dict:
    index = next(i for i, s in enumerate(_stored(workflow)["steps"]) if s["id"] == step_id)
    parser = _FormValues(index)
    parser.feed(client.get(f"{_url(workflow)}?step={step_id}").content.decode())
    return {k: unescape(v) for k, v in parser.values.items()}


def test_other_steps_are_summaries_in_words_with_an_edit_button_that_submits_the_open_form(designer, draft):
    html = unescape(designer.get(f"{_url(draft)}?step=check").content.decode())
    reroute = html[html.index('data-step="reroute"') :]
    reroute = reroute[: reroute.index("</li>")]
    steps = {s["id"]: s for s in draft.definition["steps"]}
    assert f"Goes to “{step_label(steps['collected'])}”" in reroute and "<select" not in reroute
    assert '<button type="submit" class="button" form="wf-open-form" name="then" value="reroute">' in reroute
    end = html[html.index('data-step="no_action"') :]
    assert "Ends the case: no action" in end[: end.index("</li>")]


def test_edit_on_another_step_saves_the_open_one_then_opens_it(designer, draft):
    values = _open_values(designer, draft, "check")
    response = designer.post(_url(draft), {**values, "title": "Check with the crew", "then": "reroute"})
    assert response.status_code == 302
    assert response["Location"].endswith("?step=reroute#step-4")
    assert _stored(draft)["steps"][0]["title"] == "Check with the crew"
    opened = unescape(designer.get(response["Location"]).content.decode())
    card = opened[opened.index('data-step="reroute"') :]
    assert 'id="wf-open-form"' in card[: card.index("</li>")]


def test_a_refused_save_on_the_way_to_another_step_keeps_the_input_and_opens_nothing_else(designer, draft):
    before = _stored(draft)
    values = _open_values(designer, draft, "check")
    response = designer.post(
        _url(draft), {**values, "title": "My unsaved title", "outcome-1-next": "nowhere", "then": "reroute"}
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    reroute = next(s for s in before["steps"] if s["id"] == "reroute")
    assert f"“{step_label(reroute)}” was not opened" in html
    card = html[html.index('data-step="check"') :]
    card = card[: card.index("</li>")]
    assert 'id="wf-open-form"' in card and 'value="My unsaved title"' in card and "data-wf-unsaved" in card
    assert 'href="?step=check#step-0" data-wf-discard' in card  # the way to drop the changes, on purpose
    assert _stored(draft) == before


def test_moving_on_from_an_unchanged_step_writes_nothing(designer, draft):
    """The stored draft has a problem elsewhere: a save would be refused, so a 302 means nothing was checked."""
    definition = copy.deepcopy(draft.definition)
    definition["steps"][4]["assign"] = {"team": "no-such-team"}
    WorkflowDefinition.objects.filter(pk=draft.pk).update(definition=definition)
    values = _open_values(designer, draft, "check")
    assert designer.post(_url(draft), {**values, "then": "tell_collected"}).status_code == 302
    changed = designer.post(_url(draft), {**values, "title": "Changed", "then": "tell_collected"})
    assert changed.status_code == 200 and "no-such-team" in unescape(changed.content.decode())
    assert _stored(draft) == definition


def test_a_stored_problem_on_a_closed_step_links_to_its_control_through_step(designer, draft):
    definition = copy.deepcopy(draft.definition)
    definition["steps"][4]["assign"] = {"team": "no-such-team"}
    WorkflowDefinition.objects.filter(pk=draft.pk).update(definition=definition)
    html = unescape(designer.get(_url(draft)).content.decode())
    assert "There is a problem" in html and 'id="wf-open-form"' not in html
    assert '<a href="?step=reroute#s4-assign_target">Step 5' in html
    opened = unescape(designer.get(f"{_url(draft)}?step=reroute").content.decode())
    assert '<a href="#s4-assign_target">Step 5' in opened and 'id="s4-assign_target-error"' in opened


def test_an_added_step_opens_for_filling_in(designer, draft):
    response = designer.post(
        _url(draft), {"action": "add", "step_type": "notify", "step_id": "tell_again", "after": "tell_collected"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?step=tell_again#step-2")
    html = unescape(designer.get(response["Location"]).content.decode())
    card = html[html.index('data-step="tell_again"') :]
    assert 'id="wf-open-form"' in card[: card.index("</li>")]


def test_an_unknown_step_opens_nothing(designer, draft):
    page = designer.get(f"{_url(draft)}?step=<nope>")
    assert page.status_code == 200 and 'id="wf-open-form"' not in page.content.decode()


def test_a_save_fills_the_derived_cache_for_the_new_content(designer, draft):
    workflow_derived_forget()
    response = _post_step(designer, draft, 0, title="Check the bin again")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.definition["steps"][0]["title"] == "Check the bin again"
    assert workflow_derived_remembers(draft)  # the reopen after the redirect finds the check already done
    draft.definition["steps"][0]["title"] = "Not saved"
    assert not workflow_derived_remembers(draft)  # any other content is a new key
