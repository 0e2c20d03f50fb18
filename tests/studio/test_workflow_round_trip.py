"""Lossless round trip: every library and demo workflow opens in the builder and saves back unchanged.

A language feature the builder cannot show would be rewritten or dropped here and fail the build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from admin_ext.studio.workflow_model import step_values, workflow_from_model, workflow_model
from workflows.field_types import field_types_from_schema
from workflows.models import WorkflowDefinition
from workflows.services import workflow_form_schema

LIBRARY = sorted((Path(__file__).resolve().parents[2] / "workflows" / "library").glob("*.json"))
FORMS = Path(__file__).resolve().parents[2] / "form_definitions" / "library"


def _form_types(form_slug: str) -> dict[str, str]:
    path = FORMS / f"{form_slug}.json"
    if not path.exists():
        return {}
    return field_types_from_schema(json.loads(path.read_text())["schema"])


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_library_workflow_round_trips_through_the_builder(path):
    package = json.loads(path.read_text())
    definition = package["definition"]
    types = _form_types(package["form_slug"])
    model = workflow_model(definition, field_types=types)
    assert len(model["steps"]) == len(definition["steps"])
    # Every library condition is shown as builder rows, not merely kept as written.
    assert not [k for step in model["steps"] for k, v in step.items() if k.endswith("-mode") and v == "keep"]
    assert workflow_from_model(definition, model, field_types=types) == definition


WITH_FRAGMENT = {
    "title": "Complaint with a reusable review",
    "start": "check",
    "fragments": {
        "review": {
            "title": "Senior review",
            "start": "review",
            "exits": ["upheld", "not_upheld"],
            "steps": [
                {
                    "id": "review",
                    "type": "task",
                    "title": "Review",
                    "assign": {"team": "complaints", "role": "team_leader"},
                    "outcomes": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
                    "next": {"yes": "upheld", "no": "second_look"},
                },
                {
                    "id": "second_look",
                    "type": "decision",
                    "branches": [{"when": {"==": [{"var": "outcomes.review"}, "no"]}, "next": "not_upheld"}],
                    "otherwise": "upheld",
                },
            ],
        }
    },
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "complaints"},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "stage2",
        },
        {"id": "stage2", "type": "include", "fragment": "review", "exits": {"upheld": "done", "not_upheld": "refused"}},
        {"id": "done", "type": "end", "outcome": "resolved"},
        {"id": "refused", "type": "end", "outcome": "refused"},
    ],
}


def test_fragments_round_trip_through_the_builder():
    model = workflow_model(WITH_FRAGMENT)
    assert model["fragments"]["review"][0]["outcome-1-id"] == "no"
    assert workflow_from_model(WITH_FRAGMENT, model) == WITH_FRAGMENT


def test_the_round_trip_fails_when_the_builder_drops_a_property():
    """The check itself can fail: a value the form lost is a changed definition."""
    step = {
        "id": "tell",
        "type": "notify",
        "title": "Tell them",
        "to": "resident",
        "template": {"subject": "S", "body": "B"},
        "next": "done",
    }
    model = {"settings": {}, "steps": [{**step_values(step), "subject": ""}], "fragments": {}}
    assert workflow_from_model({"steps": [step]}, model) != {"steps": [step]}


@pytest.mark.django_db
def test_every_demo_workflow_and_shared_package_round_trips(demo):
    from sharing.models import LibraryEntry

    definitions = []
    for workflow in WorkflowDefinition.objects.all():
        definitions.append((workflow.definition, field_types_from_schema(workflow_form_schema(workflow))))
    for entry in LibraryEntry.objects.all():
        package = json.loads(entry.package)
        for item in package.get("workflows", [package.get("workflow")]):
            if isinstance(item, dict) and "definition" in item:
                definitions.append((item["definition"], {}))
    assert len(definitions) >= 7
    for definition, types in definitions:
        assert (
            workflow_from_model(definition, workflow_model(definition, field_types=types), field_types=types)
            == definition
        )


WITH_WITHDRAWAL = {
    "title": "Bulky waste with a withdrawal rule",
    "start": "check",
    "withdrawal": {
        "resident": True,
        "before_status": "waiting_on_back_office",
        "resident_message": "We have cancelled your collection.",
        "translations": {"cy": {"resident_message": "Rydym wedi canslo eich casgliad."}},
    },
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Book"}],
            "next": "book",
        },
        {"id": "book", "type": "set_status", "status": "waiting_on_back_office", "next": "done"},
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def test_the_withdrawal_block_round_trips_and_is_shown_by_the_settings_form():
    model = workflow_model(WITH_WITHDRAWAL)
    settings = model["settings"]
    assert settings["withdrawal_before_status"] == "waiting_on_back_office"
    assert settings["withdrawal_resident"] == "true"
    assert settings["withdrawal_cy_message"] == "Rydym wedi canslo eich casgliad."
    assert workflow_from_model(WITH_WITHDRAWAL, model) == WITH_WITHDRAWAL
    # Emptying every control removes the whole block, not an empty {}.
    cleared = {**model, "settings": {**settings, **{k: "" for k in settings if k.startswith("withdrawal_")}}}
    assert "withdrawal" not in workflow_from_model(WITH_WITHDRAWAL, cleared)


WITH_CANCEL_ON = {
    "title": "Inspection that can be cancelled",
    "start": "inspect",
    "steps": [
        {
            "id": "inspect",
            "type": "task",
            "title": "Inspect",
            "assign": {"team": "highways"},
            "outcomes": [{"id": "fixed", "label": "Fixed"}],
            "next": "done",
            "cancel_on": [
                {"after": {"working_days": 5}, "next": "chase"},
                {"event": "resident_reply", "next": "chase"},
                {"event": "officer_action", "label": "Resident phoned", "next": "done"},
            ],
        },
        {
            "id": "chase",
            "type": "task",
            "title": "Chase",
            "assign": {"team": "highways"},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def test_cancel_on_rows_round_trip_and_edit():
    model = workflow_model(WITH_CANCEL_ON)
    rows = model["steps"][0]
    assert rows["cancel_count"] == "3" and rows["cancel-0-kind"] == "timer" and rows["cancel-0-after_amount"] == "5"
    assert rows["cancel-2-kind"] == "officer_action" and rows["cancel-2-label"] == "Resident phoned"
    assert workflow_from_model(WITH_CANCEL_ON, model) == WITH_CANCEL_ON
    # The last (empty) row adds one; a ticked row is removed.
    edited = {
        **rows,
        "cancel-1-remove": "1",
        "cancel-3-kind": "connector_reply",
        "cancel-3-next": "chase",
    }
    model["steps"][0] = edited
    result = workflow_from_model(WITH_CANCEL_ON, model)["steps"][0]["cancel_on"]
    assert [item.get("event", "timer") for item in result] == ["timer", "officer_action", "connector_reply"]


def test_a_multi_instance_task_with_cancel_on_and_a_named_connector_round_trips_and_is_edited():
    first = {
        **WITH_CANCEL_ON["steps"][0],
        "multiple": {"for_each": "data.rooms", "complete": "at_least", "at_least": 2},
        "cancel_on": [
            {"after": {"working_days": 5}, "next": "chase"},
            {"event": "connector_reply", "connector": "planning", "next": "chase"},
        ],
    }
    definition = {**WITH_CANCEL_ON, "steps": [first, *WITH_CANCEL_ON["steps"][1:]]}
    model = workflow_model(definition)
    rows = model["steps"][0]
    assert rows["cancel-1-kind"] == "connector_reply" and rows["cancel-1-connector"] == "planning"
    assert workflow_from_model(definition, model) == definition
    model["steps"][0] = {**rows, "cancel-1-connector": " highways ", "cancel-0-remove": "1"}
    step = workflow_from_model(definition, model)["steps"][0]
    assert step["cancel_on"] == [{"event": "connector_reply", "connector": "highways", "next": "chase"}]
    assert step["multiple"] == first["multiple"]
    model["steps"][0] = {**rows, "cancel-1-connector": ""}
    step = workflow_from_model(definition, model)["steps"][0]
    assert step["cancel_on"][1] == {"event": "connector_reply", "next": "chase"}  # any back office again


def test_a_milestone_task_round_trips_and_its_status_is_edited():
    definition = {
        **WITH_CANCEL_ON,
        "steps": [
            {**WITH_CANCEL_ON["steps"][0], "only_at_status": "waiting_on_back_office"},
            *WITH_CANCEL_ON["steps"][1:],
        ],
    }
    model = workflow_model(definition)
    assert model["steps"][0]["only_at_status"] == "waiting_on_back_office"
    assert workflow_from_model(definition, model) == definition
    model["steps"][0]["only_at_status"] = ""
    assert "only_at_status" not in workflow_from_model(definition, model)["steps"][0]


WITH_MULTIPLE = {
    "title": "Licence with one assessment per activity",
    "start": "assess",
    "steps": [
        {
            "id": "assess",
            "type": "task",
            "title": "Assess the activity",
            "assign": {"team": "licensing"},
            "multiple": {"for_each": "data.activities", "complete": "at_least", "at_least": 2},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def test_multiple_instances_round_trip_through_the_builder():
    model = workflow_model(WITH_MULTIPLE)
    assert model["steps"][0]["multiple_at_least"] == "2"
    assert workflow_from_model(WITH_MULTIPLE, model) == WITH_MULTIPLE


def test_a_join_that_lets_the_other_branches_finish_round_trips():
    definition = {
        "title": "Two reports, decided on the first",
        "start": "ask",
        "steps": [
            {"id": "ask", "type": "split", "branches": ["highways", "police"]},
            {
                "id": "highways",
                "type": "task",
                "title": "Highways report",
                "assign": {"team": "highways"},
                "outcomes": [{"id": "ok", "label": "Filed"}],
                "next": "first",
            },
            {
                "id": "police",
                "type": "task",
                "title": "Police report",
                "assign": {"team": "waste"},
                "outcomes": [{"id": "ok", "label": "Filed"}],
                "next": "first",
            },
            {"id": "first", "type": "join", "mode": "first_others_finish", "next": "done"},
            {"id": "done", "type": "end", "outcome": "resolved"},
        ],
    }
    model = workflow_model(definition)
    assert model["steps"][3]["mode"] == "first_others_finish"
    assert workflow_from_model(definition, model) == definition


def test_a_deferred_choice_round_trips_and_its_options_are_edited():
    path = next(p for p in LIBRARY if p.stem == "complaint-evidence")
    definition = json.loads(path.read_text())["definition"]
    model = workflow_model(definition)
    index = next(i for i, s in enumerate(definition["steps"]) if s["type"] == "first_of")
    rows = model["steps"][index]
    assert rows["first_count"] == "4" and rows["first-2"] == "ten_days"
    assert workflow_from_model(definition, model) == definition
    # A ticked option is removed; the last (empty) row adds one.
    model["steps"][index] = {**rows, "first-1-remove": "1", "first-4": "investigate"}
    options = workflow_from_model(definition, model)["steps"][index]["options"]
    assert options == ["resident_evidence", "ten_days", "go_on_without", "investigate"]
