"""Teams named anywhere in a definition, fragments included: listed, rewritten, and reported once."""

from __future__ import annotations

import pytest

from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, task
from workflows.check import workflow_definition_check
from workflows.team_references import definition_team_slugs, definition_teams_rewrite

FRAGMENT = {
    "start": "visit",
    "exits": ["back"],
    "steps": [
        {**task("visit", "back"), "assign": {"team": "roads"}, "escalate": {"after": {"days": 3}, "to_team": "leaders"}}
    ],
}
DEFINITION = flow(
    task("check", "first"),
    {"id": "first", "type": "include", "fragment": "inspection", "exits": {"back": "again"}},
    {"id": "again", "type": "include", "fragment": "inspection", "exits": {"back": "tell"}},
    {"id": "tell", "type": "notify", "to": "team:highways", "template": {"subject": "s", "body": "b"}, "next": "done"},
    end(),
    fragments={"inspection": FRAGMENT},
)


def test_teams_inside_fragments_are_listed():
    assert definition_team_slugs(DEFINITION) == ["highways", "leaders", "roads", "waste"]


def test_teams_inside_fragments_are_rewritten():
    rewritten = definition_teams_rewrite(DEFINITION, {"roads": "street-scene", "highways": "streets"})
    visit = rewritten["fragments"]["inspection"]["steps"][0]
    assert visit["assign"] == {"team": "street-scene"} and visit["escalate"]["to_team"] == "leaders"
    assert rewritten["steps"][3]["to"] == "team:streets"
    assert DEFINITION["fragments"]["inspection"]["steps"][0]["assign"] == {"team": "roads"}  # a copy


def test_an_unknown_team_in_a_fragment_included_twice_is_reported_once():
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(DEFINITION, teams={"waste", "highways", "leaders"})
    assert [str(p) for p in refused.value.problems] == [
        '/fragments/inspection/steps/0/assign/team: no team "roads" in this council (teams: highways, leaders, waste)'
    ]
