"""The step builder edits a task's multiple instances: shown, refused at its control, saved as the language's JSON."""

from __future__ import annotations

import copy
import re
from html import unescape

import pytest

from admin_ext.studio.workflow_model import step_apply, step_values, workflow_from_model, workflow_model
from test_workflow_sla_builder import _index, _save, _step  # the page helpers: read the form, post it
from workflows.services import workflow_definition_new_draft

MULTI_STEPS = [
    {
        "id": "assess",
        "type": "task",
        "title": "Assess each activity",
        "assign": {"team": "licensing"},
        "multiple": {"for_each": "data.activities", "order": "sequential", "complete": "at_least", "at_least": 2},
        "outcomes": [{"id": "ok", "label": "OK"}],
        "next": "visit",
    },
    {
        "id": "visit",
        "type": "task",
        "title": "Visit",
        "assign": {"team": "licensing"},
        "multiple": {"count": "task.assess.visits", "complete": "any"},
        "outcomes": [{"id": "ok", "label": "OK"}],
        "next": "done",
    },
    {"id": "done", "type": "end", "outcome": "resolved"},
]
WITH_MULTIPLE = {"title": "Licence, per activity", "start": "assess", "steps": MULTI_STEPS}


def test_multiple_instances_are_shown_by_the_form_not_merely_kept():
    for step in MULTI_STEPS:
        bare = {"id": step["id"], "type": step["type"]}
        assert step_apply(bare, step_values(step)) == step, step["id"]
    assert workflow_from_model(WITH_MULTIPLE, workflow_model(WITH_MULTIPLE)) == WITH_MULTIPLE


def test_clearing_the_lists_makes_it_one_task_again():
    values = {**step_values(MULTI_STEPS[0]), "multiple_for_each": "", "multiple_order": ""}
    values.update(multiple_complete="", multiple_at_least="")
    assert "multiple" not in step_apply(MULTI_STEPS[0], values)


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


@pytest.mark.django_db
def test_the_builder_refuses_a_list_that_is_not_one_at_its_control_and_saves_a_sound_one(designer, demo):
    draft = workflow_definition_new_draft(demo.service("riverside", "premises-licence").workflow)
    index = _index(draft, "ask_env_health")
    before = copy.deepcopy(draft.definition)
    response = _save(designer, draft, index, multiple_for_each="data.latest_hour")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert re.search(rf'<div class="wf-field studio-has-error">\s*<label for="s{index}-multiple_for_each">', html)
    assert '"latest_hour" is an integer field, not a list' in html
    draft.refresh_from_db()
    assert draft.definition == before

    response = _save(
        designer,
        draft,
        index,
        multiple_for_each="data.activities",
        multiple_complete="at_least",
        multiple_at_least="2",
    )
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    assert _step(draft, "ask_env_health")["multiple"] == {
        "for_each": "data.activities",
        "complete": "at_least",
        "at_least": 2,
    }
    saved = copy.deepcopy(draft.definition)
    assert _save(designer, draft, index).status_code == 302  # read back and saved unchanged
    draft.refresh_from_db()
    assert draft.definition == saved
