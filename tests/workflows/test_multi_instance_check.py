"""Multi-instance tasks at save time (exact-path errors), in the dry run and on the diagram."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from viewflow.workflow import chart

from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, svg_words, task
from workflows.check import workflow_definition_check
from workflows.compile import workflow_compile
from workflows.diagram import diagram_svg
from workflows.dry_run import workflow_dry_run

FORM = {
    "type": "object",
    "properties": {
        "rooms": {
            "type": "array",
            "title": "Rooms",
            "maxItems": 5,
            "items": {"type": "object", "properties": {"name": {"type": "string", "title": "Room name"}}},
        },
        "visits": {"type": "integer", "maximum": 4},
        "postcode": {"type": "string"},
        "huge": {"type": "array", "maxItems": 500, "items": {"type": "string"}},
    },
}
SURVEY_FORM = {
    "schema": {
        "type": "object",
        "properties": {"flats": {"type": "array", "items": {"enum": ["Flat 1", "Flat 2", "Flat 3"]}}},
    }
}


def multi_flow(multiple: dict, *, next: object = "done", first: dict | None = None) -> dict:
    return flow(first or task("check", "assess"), task("assess", next, multiple=multiple), end("done"))


def problems(definition: dict, *, form_schema: dict | None = FORM) -> list[str]:
    with pytest.raises(DefinitionInvalid) as raised:
        workflow_definition_check(definition, form_schema=form_schema)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(
    "multiple",
    [
        {"for_each": "data.rooms"},
        {"for_each": "data.rooms", "order": "sequential", "complete": "any"},
        {"count": "data.visits", "complete": "at_least", "at_least": 4},
        {"for_each": "task.check.flats", "complete": "at_least", "at_least": 2},
    ],
)
def test_sound_multiple_instances_pass_the_checks_and_compile(multiple):
    definition = multi_flow(multiple, first=task("check", "assess", form=SURVEY_FORM))
    workflow_definition_check(definition, form_schema=FORM)
    flow_class = workflow_compile(definition, class_name="MultiCheck")
    assert {"assess", "assess__each"} <= {node.name for node in flow_class.instance.nodes()}


@pytest.mark.parametrize(
    ("multiple", "expected"),
    [
        ({}, '/steps/1/multiple: say what the instances are: "for_each" a list or "count"'),
        (
            {"for_each": "data.rooms", "count": "data.visits"},
            '/steps/1/multiple/count: give "for_each" or "count", not both',
        ),
        (
            {"for_each": "data.rooms", "complete": "at_least"},
            '/steps/1/multiple: "complete": "at_least" needs "at_least": the number to wait for',
        ),
        (
            {"for_each": "data.rooms", "at_least": 2},
            '/steps/1/multiple/at_least: "at_least" only counts with "complete": "at_least", not "all"',
        ),
    ],
)
def test_structure_problems_name_the_exact_path(multiple, expected):
    assert problems(multi_flow(multiple)) == [expected]


def test_an_unknown_order_is_refused_by_the_schema_at_its_path():
    (problem,) = problems(multi_flow({"for_each": "data.rooms", "order": "random"}))
    assert problem.startswith("/steps/1/multiple/order:")


@pytest.mark.parametrize(
    ("multiple", "expected"),
    [
        ({"for_each": "data.nope"}, '/steps/1/multiple/for_each: unknown field "nope" (the form has: rooms,'),
        (
            {"for_each": "data.postcode"},
            '/steps/1/multiple/for_each: "postcode" is a string field, not a list (a repeatable group or checkboxes)',
        ),
        ({"count": "data.rooms"}, '/steps/1/multiple/count: "rooms" is an array field, not a whole number'),
        (
            {"for_each": "data.rooms", "complete": "at_least", "at_least": 6},
            "/steps/1/multiple/at_least: at least 6 can never be done: data.rooms allows at most 5",
        ),
        (
            {"count": "data.visits", "complete": "at_least", "at_least": 5},
            "/steps/1/multiple/at_least: at least 5 can never be done: data.visits allows at most 4",
        ),
        ({"for_each": "data.huge"}, "/steps/1/multiple/for_each: data.huge allows 500; a task makes at most 100"),
        ({"for_each": "task.ghost.flats"}, '/steps/1/multiple/for_each: "ghost" is not a task step of this workflow'),
        (
            {"for_each": "task.check.nope"},
            '/steps/1/multiple/for_each: unknown field "nope" (task "check" has: flats)',
        ),
    ],
)
def test_the_list_must_be_a_list_of_the_case_and_k_reachable(multiple, expected):
    definition = multi_flow(multiple, first=task("check", "assess", form=SURVEY_FORM))
    found = problems(definition)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_list_from_a_task_that_runs_later_is_always_empty():
    definition = flow(
        task("assess", "check", multiple={"for_each": "task.check.flats"}),
        task("check", "done", form=SURVEY_FORM),
        end("done"),
        start="assess",
    )
    assert problems(definition) == [
        '/steps/0/multiple/for_each: task "check" never runs before "assess", so the list is always empty'
    ]


def test_routing_on_outcomes_is_refused_for_a_multi_instance_task():
    definition = multi_flow({"for_each": "data.rooms"}, next={"ok": "done"})
    assert problems(definition) == [
        "/steps/1/next: a task with multiple instances goes on to one step (route on its results with a decision)"
    ]


def test_answers_are_checked_when_the_form_is_known_only():
    workflow_definition_check(multi_flow({"for_each": "data.anything"}), form_schema=None)


START = datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/London"))


def _walk(multiple: dict, answers: dict, outcomes: dict) -> list[dict]:
    return workflow_dry_run(
        multi_flow(multiple), answers=answers, outcomes=outcomes, start=START, region="england-and-wales"
    )


def test_the_dry_run_counts_the_instances_and_says_who_is_cancelled():
    path = _walk(
        {"for_each": "data.rooms", "complete": "at_least", "at_least": 2},
        {"rooms": [{"name": "Kitchen"}, {"name": "Hall"}, {"name": "Loft"}]},
        {"check": "ok", "assess": "ok"},
    )
    assert [p["step"] for p in path] == ["check", "assess", "done"]
    assert path[1]["note"] == (
        "3 tasks (one per item of data.rooms, in parallel; goes on when 2 are done); "
        "2 done with outcome: Ok; the other 1 are cancelled"
    )


def test_the_dry_run_waits_for_the_officers_and_skips_an_empty_list():
    waiting = _walk({"count": "data.visits"}, {"visits": 2}, {"check": "ok"})
    assert waiting[-1]["note"].endswith("waits for the officers' outcomes")
    empty = _walk({"for_each": "data.rooms"}, {"rooms": []}, {"check": "ok"})
    assert [p["step"] for p in empty] == ["check", "assess", "done"]
    assert "no items, so no tasks: goes straight on" in empty[1]["note"]


def test_the_diagram_says_what_the_instances_are():
    definition = multi_flow({"for_each": "data.rooms", "order": "sequential", "complete": "any"})
    flow_class = workflow_compile(definition, class_name="MultiDiagram")
    svg = svg_words(diagram_svg(chart.calc_layout_data(flow_class), definition))
    assert "one per item of data.rooms, one after another; goes on when any one is done" in svg


def test_a_fragment_reading_its_own_task_list_is_renamed_with_it():
    definition = {
        "title": "Survey, reused",
        "start": "first",
        "fragments": {
            "survey": {
                "title": "Survey then visit",
                "start": "check",
                "exits": ["out"],
                "steps": [
                    task("check", "assess", form=SURVEY_FORM),
                    task("assess", "out", multiple={"for_each": "task.check.flats"}),
                ],
            }
        },
        "steps": [
            {"id": "first", "type": "include", "fragment": "survey", "exits": {"out": "done"}},
            end("done"),
        ],
    }
    workflow_definition_check(definition, form_schema=FORM)
    flow_class = workflow_compile(definition, class_name="MultiFragment")
    assess = next(s for s in flow_class.definition_json["steps"] if s["id"].endswith("assess"))
    assert assess["multiple"]["for_each"] == f"task.{assess['id'].removesuffix('assess')}check.flats"


def test_multiple_with_cancel_on_passes_the_checks_and_the_dry_run_follows_the_item():
    definition = multi_flow({"for_each": "data.rooms", "complete": "any"})
    definition["steps"][1]["cancel_on"] = [{"after": {"working_days": 5}, "next": "done"}]
    workflow_definition_check(definition, form_schema=FORM)
    workflow_compile(definition, class_name="MultiCancelOn")
    path = workflow_dry_run(
        definition,
        answers={"rooms": [{"name": "Kitchen"}, {"name": "Hall"}]},
        outcomes={"check": "ok", "assess": "cancel_on:0"},
        start=START,
        region="england-and-wales",
    )
    assert [p["step"] for p in path] == ["check", "assess", "done"]
    assert path[1]["note"] == (
        "2 tasks (one per item of data.rooms, in parallel; goes on when any one is done); "
        "all open instances cancelled after 5 working days; goes to done"
    )
