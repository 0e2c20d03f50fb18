"""Assignment from data: a task's team chosen from an answer or an earlier task's field, checked at save time."""

from __future__ import annotations

import pytest

from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete
from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, task
from workflows.check import workflow_definition_check

BY_BIN = {"field": "data.bin_type", "map": {"garden": "highways", "food": "complaints"}, "default": "waste"}
FORM = {"type": "object", "properties": {"bin_type": {"enum": ["general", "recycling", "garden", "food"]}}}
TEAMS = {"waste", "highways", "complaints"}


def _by_bin(rule: dict = BY_BIN) -> dict:
    return flow({**task("check"), "assign": {"team_from": rule}}, end("done"))


@pytest.mark.parametrize(("bin_type", "team"), [("garden", "highways"), ("food", "complaints"), ("general", "waste")])
def test_the_team_comes_from_the_answer_through_the_map_with_a_default(
    demo, submit_missed_bin, publish_workflow, bin_type, team
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), _by_bin())
    check = CaseTask.objects.get(case=submit_missed_bin(service, bin_type=bin_type))
    assert check.team.slug == team and check.team.council.slug == "riverside"


def test_the_team_comes_from_an_earlier_tasks_field(demo, submit_missed_bin, publish_workflow):
    form = {"schema": {"type": "object", "properties": {"route_to": {"enum": ["roads", "bins"]}}}}
    definition = flow(
        {**task("triage", "fix"), "form": form},
        {
            **task("fix"),
            "assign": {
                "team_from": {"field": "task.triage.route_to", "map": {"roads": "highways"}, "default": "waste"}
            },
        },
        end("done"),
        start="triage",
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    triage = CaseTask.objects.get(case=case, step_id="triage")
    officer = demo.user("riverside-waste")
    task_claim(officer, triage)
    task_complete(officer, triage, outcome="ok", task_answers={"route_to": "roads"})
    assert CaseTask.objects.get(case=case, step_id="fix").team.slug == "highways"


def test_unknown_teams_in_the_map_and_default_are_refused_at_save_time():
    rule = {"field": "data.bin_type", "map": {"garden": "parks"}, "default": "bins"}
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(_by_bin(rule), form_schema=FORM, teams=TEAMS)
    assert [str(p) for p in refused.value.problems] == [
        '/steps/0/assign/team_from/default: no team "bins" in this council (teams: complaints, highways, waste)',
        '/steps/0/assign/team_from/map/garden: no team "parks" in this council (teams: complaints, highways, waste)',
    ]


def test_an_unknown_field_and_a_value_it_cannot_have_are_refused():
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(_by_bin({**BY_BIN, "field": "data.bin_colour"}), form_schema=FORM, teams=TEAMS)
    assert [str(p) for p in refused.value.problems] == [
        '/steps/0/assign/team_from/field: unknown field "bin_colour" (the form has: bin_type)'
    ]
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(_by_bin({**BY_BIN, "map": {"gardn": "highways"}}), form_schema=FORM, teams=TEAMS)
    assert [str(p) for p in refused.value.problems] == [
        '/steps/0/assign/team_from/map/gardn: "gardn" is not an answer "bin_type" can have '
        "(choices: food, garden, general, recycling)"
    ]


def test_a_task_field_from_a_task_that_may_not_have_run_is_refused():
    definition = flow(
        task("check", {"ok": "triage", "skip": "fix"}, outcomes=("ok", "skip")),
        {**task("triage", "fix"), "form": {"schema": {"type": "object", "properties": {"area": {"type": "string"}}}}},
        {
            **task("fix"),
            "assign": {"team_from": {"field": "task.triage.area", "map": {"x": "waste"}, "default": "waste"}},
        },
        end("done"),
    )
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(definition, teams=TEAMS)
    assert [str(p) for p in refused.value.problems] == [
        '/steps/2/assign/team_from/field: task "triage" does not always come before "fix", '
        "so its answer may not be there yet"
    ]


def test_a_malformed_team_from_is_refused_with_its_path():
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(_by_bin({"field": "answers.bin", "map": {"a": "waste"}, "default": "waste"}))
    assert [str(p) for p in refused.value.problems] == [
        '/steps/0/assign/team_from/field: "answers.bin" must be data.<question> or task.<task id>.<question>'
    ]
