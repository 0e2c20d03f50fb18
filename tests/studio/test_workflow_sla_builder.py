"""The step builder edits what the workflow language gained: assignment from an answer, separation of duties,
working hours, timers until a date, the SLA clock's settings, reopen SLA, resolve window and extensions.

Each goes through the same save-time check as every builder edit: a refusal is shown at its control and saves
nothing; an accepted edit writes exactly the language's JSON, and the builder reads it back without loss.
"""

from __future__ import annotations

import copy
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from admin_ext.studio.workflow_model import step_apply, step_values, workflow_apply, workflow_values
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_new_draft

LIBRARY = sorted((Path(__file__).resolve().parents[2] / "workflows" / "library").glob("*.json"))
# What a step's form keeps as written rather than shows: a task's own form (officers' questions) and outcome
# translations are edited in expert mode.
KEPT_AS_WRITTEN = {"form"}

EVERY_NEW_CONSTRUCT = {
    "title": "Licence with four eyes",
    "start": "draft",
    "sla": {"working_hours": 40},
    "reopen_sla": {"working_days": 5},
    "resolution_window": {"working_days": 10},
    "extensions": {"max_working_days": 10, "max_count": 2},
    "steps": [
        {
            "id": "draft",
            "type": "task",
            "title": "Draft the decision",
            "assign": {"team_from": {"field": "data.area", "map": {"north": "north-team", "2": "b"}, "default": "x"}},
            "case_sla": {"working_days": 20},
            "due": {"working_hours": 4},
            "outcomes": [{"id": "drafted", "label": "Drafted"}],
            "next": "approve",
        },
        {
            "id": "approve",
            "type": "task",
            "title": "Approve the decision",
            "assign": {"team": "licensing"},
            "not_by": ["draft", "check"],
            "outcomes": [{"id": "ok", "label": "Approve"}],
            "next": "check",
        },
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"least_loaded": "licensing"},
            "not_by": "anyone_on_case",
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "before_event",
        },
        {
            "id": "before_event",
            "type": "timer",
            "until": {"field": "data.event_date", "before": {"working_days": 3}},
            "next": "after_visit",
        },
        {"id": "after_visit", "type": "timer", "until": {"field": "task.check.visit_on"}, "next": "later"},
        {"id": "later", "type": "timer", "until": {"field": "data.event_date", "after": {"days": 1}}, "next": "ask"},
        {"id": "ask", "type": "wait_for_customer", "stops_clock": False, "next": "sys"},
        {"id": "sys", "type": "wait_for_reply", "connector": "crm", "stops_clock": True, "next": "done"},
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def _bare(step: dict) -> dict:
    return {"id": step["id"], "type": step["type"], **{k: v for k, v in step.items() if k in KEPT_AS_WRITTEN}}


def _outcomes_untranslated(step: dict) -> dict:
    step = copy.deepcopy(step)
    for outcome in step.get("outcomes", []):
        outcome.pop("translations", None)
    return step


def test_every_new_construct_is_shown_by_the_form_not_merely_kept():
    """Built from its form values alone (onto a step with only its id and type), each step comes out whole."""
    for step in EVERY_NEW_CONSTRUCT["steps"]:
        assert step_apply(_bare(step), step_values(step)) == step, step["id"]
    settings = workflow_values(EVERY_NEW_CONSTRUCT)
    assert settings["sla_unit"] == "working_hours" and settings["extensions_max_count"] == "2"
    rebuilt = workflow_apply({"steps": EVERY_NEW_CONSTRUCT["steps"]}, settings)
    assert rebuilt == EVERY_NEW_CONSTRUCT


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_every_library_step_is_shown_by_the_form(path):
    """Every key of every library step is one the builder shows (only task forms and outcome Welsh are kept)."""
    definition = json.loads(path.read_text())["definition"]
    for step in definition["steps"]:
        built = step_apply(_bare(step), step_values(step))
        assert _outcomes_untranslated(built) == _outcomes_untranslated(step), step["id"]


def test_the_shown_check_can_fail():
    step = {"id": "t", "type": "timer", "until": {"field": "data.d"}, "next": "x", "future_key": 1}
    assert step_apply(_bare(step), step_values(step)) != step


# ---- through the page and the engine's check ----


class _FormValues(HTMLParser):
    """What a browser posts from one step's form (index `index`), read from the page itself."""

    def __init__(self, index: int):
        super().__init__()
        self.index, self.inside, self.values = str(index), False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "index" and a.get("value") == self.index and "action" not in self.values:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and (a.get("type") != "checkbox" or "checked" in a):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self.inside and self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        self._select = None if tag == "select" else self._select
        self._textarea = None if tag == "textarea" else self._textarea
        if tag == "form" and self.inside:
            self.inside = False
            self.values["action"] = "step-save"


def _url(workflow) -> str:
    return f"/admin/studio/workflows/{workflow.pk}/"


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


@pytest.fixture
def draft(demo):
    return workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)


def _form(client, workflow, index: int) -> dict:
    """The step's form as the page renders it once the step is open (?step=<id>)."""
    workflow.refresh_from_db()
    parser = _FormValues(index)
    parser.feed(client.get(f"{_url(workflow)}?step={workflow.definition['steps'][index]['id']}").content.decode())
    return {k: unescape(v) for k, v in parser.values.items()}


def _save(client, workflow, index: int, **changes):
    values = {**_form(client, workflow, index), **changes}
    return client.post(_url(workflow), {k: v for k, v in values.items() if v is not None})


def _step(workflow, step_id: str) -> dict:
    workflow.refresh_from_db()
    return next(s for s in workflow.definition["steps"] if s["id"] == step_id)


def _index(workflow, step_id: str) -> int:
    return [s["id"] for s in workflow.definition["steps"]].index(step_id)


@pytest.mark.django_db
def test_assignment_from_an_answer_is_built_and_a_wrong_answer_is_refused_at_its_row(designer, draft):
    index = _index(draft, "reroute")
    before = copy.deepcopy(draft.definition)
    response = _save(
        designer,
        draft,
        index,
        assign_rule="team_from",
        team_from_field="data.bin_type",
        **{"team_from-0-answer": "gardn", "team_from-0-team": "waste"},
        team_from_default="waste",
        team_from_count="0",
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The message sits at the answer's control, and the summary links to that control.
    field = re.search(rf'<div class="wf-field studio-has-error">\s*<label for="s{index}-team_from-0-answer">', html)
    assert field, "the error is shown at the answer's control"
    assert f'href="#s{index}-team_from-0-answer"' in html
    assert "gardn" in html and "is not an answer" in html
    draft.refresh_from_db()
    assert draft.definition == before

    response = _save(
        designer,
        draft,
        index,
        assign_rule="team_from",
        team_from_field="data.bin_type",
        **{"team_from-0-answer": "garden", "team_from-0-team": "waste"},
        team_from_default="waste",
        team_from_count="0",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _step(draft, "reroute")["assign"] == {
        "team_from": {"field": "data.bin_type", "map": {"garden": "waste"}, "default": "waste"}
    }
    # Read back: the rows show it, and saving the page unchanged changes nothing.
    values = _form(designer, draft, index)
    assert values["assign_rule"] == "team_from" and values["team_from-0-answer"] == "garden"
    saved = copy.deepcopy(draft.definition)
    assert _save(designer, draft, index).status_code == 302
    draft.refresh_from_db()
    assert draft.definition == saved


@pytest.mark.django_db
def test_separation_of_duties_is_ticked_and_a_same_as_clash_is_refused(designer, draft):
    index = _index(draft, "reroute")
    assert _save(designer, draft, index, **{"not_by-check": "1"}).status_code == 302
    assert _step(draft, "reroute")["not_by"] == ["check"]
    response = _save(designer, draft, index, assign_rule="same_as", assign_target="check", assign_role="")
    assert response.status_code == 200
    assert "not_by keeps them from it" in unescape(response.content.decode())
    assert _step(draft, "reroute")["assign"] == {"team": "waste", "role": "team_leader"}
    values = _form(designer, draft, index)
    values.pop("not_by-check")
    designer.post(_url(draft), {**values, "not_by_anyone": "1"})
    assert _step(draft, "reroute")["not_by"] == "anyone_on_case"
    values = _form(designer, draft, index)
    values.pop("not_by_anyone")
    designer.post(_url(draft), values)
    assert "not_by" not in _step(draft, "reroute")


@pytest.mark.django_db
def test_working_hours_case_sla_and_a_timer_until_a_date_answer(designer, draft):
    index = _index(draft, "check")
    response = _save(designer, draft, index, due_amount="6", due_unit="working_hours", case_sla_amount="3")
    assert response.status_code == 200  # a duration without its unit: refused at that control
    assert f'id="s{index}-case_sla_amount-unit"' in response.content.decode()
    assert "choose working days, working hours, days or hours" in response.content.decode()
    assert (
        _save(
            designer,
            draft,
            index,
            due_amount="6",
            due_unit="working_hours",
            case_sla_amount="3",
            case_sla_unit="working_days",
        ).status_code
        == 302
    )
    step = _step(draft, "check")
    assert step["due"] == {"working_hours": 6} and step["case_sla"] == {"working_days": 3}

    # A timer after "check" that waits until the collection date answer, 1 working day before it.
    response = designer.post(
        _url(draft), {"action": "add", "step_type": "timer", "step_id": "until_collection", "after": "refer"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    timer = _index(draft, "until_collection")
    page = designer.get(f"{_url(draft)}?step=until_collection").content.decode()
    assert (
        '<option value="data.collection_date">' in page
        and '<option value="data.postcode">' not in page.split('name="until_field"')[1].split("</select>")[0]
    )
    # Both a fixed wait and a date: the language's "exactly one" is refused, nothing saved.
    response = _save(designer, draft, timer, until_field="data.collection_date")
    assert response.status_code == 200 and "give exactly one of wait" in unescape(response.content.decode())
    response = _save(
        designer,
        draft,
        timer,
        wait_amount="",
        until_field="data.collection_date",
        until_before_amount="1",
        until_before_unit="working_days",
    )
    assert response.status_code == 302
    assert _step(draft, "until_collection")["until"] == {
        "field": "data.collection_date",
        "before": {"working_days": 1},
    }


@pytest.mark.django_db
def test_clock_reopen_resolve_window_and_extensions_are_workflow_settings(designer, draft):
    values = {"action": "settings", **{k: v for k, v in workflow_values(draft.definition).items()}}
    response = designer.post(_url(draft), {**values, "extensions_max_count": "2", "resolution_window": "ten"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "give a whole number" in html
    draft.refresh_from_db()
    assert "extensions" not in draft.definition
    response = designer.post(
        _url(draft),
        {
            **values,
            "reopen_sla_amount": "5",
            "reopen_sla_unit": "working_days",
            "resolution_window": "10",
            "extensions_max_working_days": "10",
            "extensions_max_count": "2",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    d = draft.definition
    assert d["reopen_sla"] == {"working_days": 5} and d["resolution_window"] == {"working_days": 10}
    assert d["extensions"] == {"max_working_days": 10, "max_count": 2}
    # Only a count, no total: the engine's check refuses it at the extensions control.
    response = designer.post(_url(draft), {**values, **workflow_values(d), "extensions_max_working_days": ""})
    assert response.status_code == 200
    assert 'href="#settings-extensions_max_working_days"' in response.content.decode()
    assert WorkflowDefinition.objects.get(pk=draft.pk).definition["extensions"]["max_working_days"] == 10


@pytest.mark.django_db
def test_a_wait_can_keep_the_clock_running(designer, demo):
    workflow = workflow_definition_new_draft(demo.service("riverside", "noise-complaint").workflow)
    index = next(i for i, s in enumerate(workflow.definition["steps"]) if s["type"] == "wait_for_customer")
    assert _save(designer, workflow, index, stops_clock="false").status_code == 302
    workflow.refresh_from_db()
    assert workflow.definition["steps"][index]["stops_clock"] is False
