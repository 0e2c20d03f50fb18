"""Sharing a workflow that uses fragments, and an SLA binding over a workflow's own `sla`."""

from __future__ import annotations

import pytest

from casework.services.submission import case_sla_working_days
from councils.models import Team
from sharing.exceptions import PackageRefused
from sharing.services.imports import Bindings, service_import_apply, service_import_plan
from sharing.services.packages import service_package_export, service_package_parse


def task(step_id: str, next: object, *, outcomes: tuple[str, ...]) -> dict:
    return {
        "id": step_id,
        "type": "task",
        "title": step_id.capitalize(),
        "assign": {"team": "waste"},
        "outcomes": [{"id": o, "label": o.capitalize()} for o in outcomes],
        "next": next,
    }


INSPECTION = {
    "title": "Inspection",
    "start": "visit",
    "exits": ["fixed", "not_fixed"],
    "steps": [
        {**task("visit", {"yes": "fixed", "no": "not_fixed"}, outcomes=("yes", "no")), "assign": {"team": "roads"}},
    ],
}

WITH_FRAGMENT = {
    "title": "Missed bin with inspections",
    "start": "check",
    "steps": [
        task("check", {"ok": "first", "skip": "done"}, outcomes=("ok", "skip")),
        {"id": "first", "type": "include", "fragment": "inspection", "exits": {"fixed": "done", "not_fixed": "again"}},
        {"id": "again", "type": "include", "fragment": "inspection", "exits": {"fixed": "done", "not_fixed": "done"}},
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
    "fragments": {"inspection": INSPECTION},
}


@pytest.fixture
def riverside_with_fragments(demo, publish_workflow):
    Team.objects.create(council=demo.council("riverside"), slug="roads", name="Roads")
    service = publish_workflow(demo.service("riverside", "missed-bin"), WITH_FRAGMENT)
    return service_package_parse(service_package_export(service, author=demo.user("riverside-designer")))


def test_the_package_lists_the_teams_inside_fragments(riverside_with_fragments):
    assert riverside_with_fragments["content"]["teams"] == ["roads", "waste"]


def test_a_missing_fragment_team_binding_is_reported_once(riverside_with_fragments, demo):
    with pytest.raises(PackageRefused) as refused:
        service_import_plan(
            council=demo.council("hillford"),
            package=riverside_with_fragments,
            bindings=Bindings(teams={"waste": "waste"}),
        )
    assert [str(p) for p in refused.value.problems] == [
        '/bindings/teams/roads: missing binding: choose a team of Hillford Borough Council for "roads"'
    ]


def test_hillford_imports_a_workflow_with_fragments_and_its_bindings_apply_inside_them(
    riverside_with_fragments, demo, hillford_bindings_targets
):
    hillford = demo.council("hillford")
    bindings = Bindings(teams={"waste": "waste", "roads": "street-scene"})
    service_import_apply(council=hillford, package=riverside_with_fragments, bindings=bindings, actor=None)
    definition = demo.service("hillford", "missed-bin").workflow.definition
    assert definition["fragments"]["inspection"]["steps"][0]["assign"] == {"team": "street-scene"}
    assert [s["type"] for s in definition["steps"]].count("include") == 2


def test_an_sla_binding_wins_over_the_workflows_own_sla(riverside_fly_tipping, demo, hillford_bindings_targets):
    package = service_package_parse(
        service_package_export(riverside_fly_tipping, author=demo.user("riverside-designer"))
    )
    assert package["content"]["workflow"]["definition"]["sla"] == {"working_days": 10}
    bindings = Bindings(
        teams={"environmental-health": "street-scene", "waste": "waste"},
        connectors={"crm": "hbc-crm"},
        sla_overrides={"sla_working_days": 15},
    )
    plan = service_import_plan(council=demo.council("hillford"), package=package, bindings=bindings)
    assert "/definition/sla/working_days: 10 → 15" in plan.workflow.lines
    service_import_apply(council=demo.council("hillford"), package=package, bindings=bindings, actor=None)
    service = demo.service("hillford", "fly-tipping")
    assert service.sla_working_days == 15
    assert service.workflow.definition["sla"] == {"working_days": 15}
    assert case_sla_working_days(service) == 15  # what new cases are due in
