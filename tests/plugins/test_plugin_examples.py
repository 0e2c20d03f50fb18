"""docs/extending.md's toy step type, widget and connector type, registered from the doc and used for real."""

from __future__ import annotations

import re
from datetime import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from viewflow.workflow import chart

from connectors.ports_provided import ConnectorTypeNames
from connectors.types.registry import UnknownConnectorType, connector_type_choices, connector_type_get, connector_types
from extending_examples import example_registered
from form_definitions.coerce import answers_from_post
from form_definitions.fields import form_fields
from form_definitions.meta_ui import ui_schema_problems
from form_definitions.widget_types import widget_types
from form_definitions.widgets import widget_names
from ops.doc_tables import doc_tables_stale
from workflows.compile import STEP_COMPILERS, workflow_compile
from workflows.diagram import diagram_svg
from workflows.dry_run import workflow_dry_run
from workflows.language import workflow_language_schema
from workflows.lint import workflow_definition_lint
from workflows.step_types import step_types
from workflows.validate import workflow_definition_validate


def _definition(checkpoint: dict) -> dict:
    return {
        "title": "Evidence",
        "start": "check",
        "steps": [
            {
                "id": "check",
                "type": "task",
                "title": "Check the evidence",
                "assign": {"team": "waste"},
                "outcomes": [{"id": "done", "label": "Done"}],
                "next": "evidence_in",
            },
            {"id": "evidence_in", "type": "checkpoint", **checkpoint},
            {"id": "finish", "type": "end", "outcome": "resolved"},
        ],
    }


GOOD = {"label": "Evidence in", "next": "finish"}


def test_the_step_type_example_is_validated_linted_compiled_walked_and_drawn():
    unknown = '/steps/1/type: unknown step type "checkpoint" (types: task, decision'
    assert str(workflow_definition_validate(_definition(GOOD))[0]).startswith(unknown)
    with example_registered("step type", step_types, "checkpoint"):
        assert "checkpoint_step" in workflow_language_schema()["$defs"]
        assert workflow_definition_validate(_definition(GOOD)) == []
        assert [str(p) for p in workflow_definition_validate(_definition({"next": "finish", "colour": 1}))] == [
            '/steps/1: "label" is required',
            '/steps/1/colour: unknown property "colour" (allowed: id, type, title, description, label, next)',
        ]
        looping = workflow_definition_lint(_definition({"label": "Evidence in", "next": "evidence_in"}))
        assert "/steps/1/next: a checkpoint cannot lead to itself" in [str(p) for p in looping]
        assert workflow_definition_lint(_definition(GOOD)) == []

        flow_class = workflow_compile(_definition(GOOD), class_name="checkpointexample")
        assert "checkpoint" in STEP_COMPILERS
        svg = diagram_svg(chart.calc_layout_data(flow_class), flow_class.definition_json)
        assert "Checkpoint: Evidence in" in svg

        path = workflow_dry_run(
            _definition(GOOD),
            answers={},
            outcomes={"check": "done"},
            start=datetime(2025, 6, 2, 9),
            region="england-and-wales",
        )
        assert [(e["step"], e["note"]) for e in path][1:] == [
            ("evidence_in", "checkpoint: Evidence in"),
            ("finish", "the case ends: resolved"),
        ]
        assert "docs/workflow-language.md#step-types" in doc_tables_stale()
    assert "checkpoint" not in STEP_COMPILERS
    assert str(workflow_definition_validate(_definition(GOOD))[0]).startswith(unknown)


SCHEMA = {
    "type": "object",
    "properties": {"fav": {"type": "string", "title": "Favourite colour"}, "n": {"type": "integer"}},
}


def test_the_widget_example_is_checked_coerced_and_rendered():
    ui = {"fields": {"fav": {"widget": "colour"}}}
    assert [p.path for p in ui_schema_problems(SCHEMA, ui)] == ["/ui_schema/fields/fav/widget"]  # unknown widget
    with example_registered("widget", widget_types, "colour"):
        assert ui_schema_problems(SCHEMA, ui) == []
        assert "colour" in widget_names(family="text", item_allowed=True)
        wrong = ui_schema_problems(SCHEMA, {"fields": {"n": {"widget": "colour"}}})
        assert [str(p) for p in wrong] == [
            '/ui_schema/fields/n/widget: widget "colour" needs a string property, not type "integer"'
        ]
        fields = form_fields(SCHEMA, ui)
        assert answers_from_post(fields, {"fav": ["#1D70B8"]}) == {"fav": "#1d70b8"}
        html = Template("{% load portal_forms %}{% govuk_field field answers errors %}").render(
            Context({"field": fields[0], "answers": {"fav": "#1d70b8"}, "errors": {}})
        )
        tag = re.search(r'<input [^>]*name="fav"[^>]*>', html).group(0)
        assert 'type="color"' in tag and 'value="#1d70b8"' in tag and "govuk-input--width-5" in tag
        assert "docs/form-definitions.md#widgets" in doc_tables_stale()
    problems = [str(p) for p in ui_schema_problems(SCHEMA, ui)]
    assert problems[0].startswith('/ui_schema/fields/fav/widget: unknown widget "colour"; use one of ')


def test_the_connector_type_example_is_offered_and_builds_its_payload():
    with example_registered("connector type", connector_types, "logbook"):
        assert ("logbook", "Logbook (keeps the message on the delivery only)") in connector_type_choices()
        assert "logbook" in ConnectorTypeNames().connector_type_names()
        plugin = connector_type_get("logbook")
        assert plugin.kind == "logbook"
        connector = SimpleNamespace(config={"mapping": {"ref": "{{ reference }}"}})
        assert plugin.payload_build(connector, {"reference": "RDC-1"}) == {"ref": "RDC-1"}
        assert plugin.send(connector, None, {}).response == {"kept": True}
        assert "docs/connectors.md#connector-types" in doc_tables_stale()
    with pytest.raises(UnknownConnectorType, match="Unknown connector type 'logbook'; known: email, notify, rest"):
        connector_type_get("logbook")
