"""The BPMN 2.0 export: valid against the OMG XSD (shipped by SpiffWorkflow), unique ids, the designer's
names, conditions as expressions, ISO 8601 timers, cf: extension attributes, diagram coordinates, and a
lossless round trip through the importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import SpiffWorkflow
from lxml import etree

from workflows.bpmn_export import definition_bpmn
from workflows.bpmn_import import bpmn_definition

LIBRARY = sorted((Path(__file__).parents[2] / "workflows" / "library").glob("*.json"))
XSD = Path(SpiffWorkflow.__file__).parent / "bpmn" / "parser" / "schema" / "BPMN20.xsd"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "cf": "https://councilflow.uk/ns/bpmn/1",
}
CF = "{https://councilflow.uk/ns/bpmn/1}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _library(path: Path) -> dict:
    return json.loads(path.read_text())["definition"]


def _export(definition: dict) -> etree._Element:
    return etree.fromstring(definition_bpmn(definition, slug="test").encode())


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_every_demo_workflow_is_valid_bpmn_2_with_unique_ids(schema, path):
    root = _export(_library(path))
    assert schema.validate(root), schema.error_log
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    steps = {s["id"] for s in _library(path)["steps"]}
    process = root.find("bpmn:process", NS)
    assert steps <= {el.get("id") for el in process}  # every step is an element under its own id


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_every_demo_workflow_round_trips_through_the_importer(path):
    definition = _library(path)
    assert bpmn_definition(definition_bpmn(definition, slug=path.stem).encode()) == definition


def test_every_step_type_exports_valid_and_round_trips(schema, missed_bin):
    """The test fixture uses connector, wait_for_reply, set_field, split with a notify, join and a timer."""
    root = _export(missed_bin)
    assert schema.validate(root), schema.error_log
    assert bpmn_definition(definition_bpmn(missed_bin, slug="test").encode()) == missed_bin


def test_names_are_the_titles_and_outcome_flows_are_labelled(missed_bin):
    root = _export(missed_bin)
    check = root.find(".//bpmn:userTask[@id='check']", NS)
    assert check.get("name") == "Check the missed collection"  # not wrapped, not re-cased
    flows = {f.get("name") for f in root.iterfind(".//bpmn:sequenceFlow", NS) if f.get("name")}
    labels = {o["label"] for s in missed_bin["steps"] if s["id"] == "check" for o in s["outcomes"]}
    assert labels <= flows


def test_two_outcomes_to_one_step_give_one_flow_with_a_unique_id_and_an_in_condition(missed_bin):
    check = next(s for s in missed_bin["steps"] if s["id"] == "check")
    check["next"] = {outcome: "tell_resident" for outcome in check["next"]}
    root = _export(missed_bin)
    flows = root.findall(".//bpmn:sequenceFlow[@sourceRef='check__outcome']", NS)
    assert len(flows) == 1
    condition = json.loads(flows[0].get(f"{CF}condition"))
    assert condition == {"in": [{"var": "outcomes.check"}, list(check["next"])]}
    assert flows[0].find("bpmn:conditionExpression", NS).text.startswith("(outcomes.get('check') in [")


def test_decision_conditions_are_expressions_with_a_default_flow():
    definition = _library(next(p for p in LIBRARY if p.stem == "premises-licence"))
    root = _export(definition)
    gateway = root.find(".//bpmn:exclusiveGateway[@id='any_objection']", NS)
    default = gateway.get("default")
    flows = root.findall(".//bpmn:sequenceFlow[@sourceRef='any_objection']", NS)
    expressions = {f.get("id"): f.findtext("bpmn:conditionExpression", namespaces=NS) for f in flows}
    assert expressions[default] is None  # the otherwise branch
    assert "(data.get('latest_hour') is not None and data.get('latest_hour') >= 23)" in expressions.values()


def test_timers_are_iso_8601_and_keep_the_calendar_in_cf_attributes():
    root = _export(_library(next(p for p in LIBRARY if p.stem == "noise-complaint")))
    timeout = root.find(".//bpmn:boundaryEvent[@id='await_diary__timeout']", NS)
    assert timeout.get("attachedToRef") == "await_diary"
    assert timeout.findtext(".//bpmn:timeDuration", namespaces=NS) == "P20D"
    assert json.loads(timeout.get(f"{CF}duration")) == {"working_days": 20}


def test_a_timer_until_a_date_is_a_time_date_expression(missed_bin):
    missed_bin["steps"].insert(
        0, {"id": "wait", "type": "timer", "until": {"field": "data.collection_date"}, "next": "check"}
    )
    missed_bin["start"] = "wait"
    timer = _export(missed_bin).find(".//bpmn:intermediateCatchEvent[@id='wait']", NS)
    assert timer.findtext(".//bpmn:timeDate", namespaces=NS) == "data.get('collection_date')"


def test_assignment_and_forms_are_extension_attributes(missed_bin):
    check = next(s for s in missed_bin["steps"] if s["id"] == "check")
    check["form"] = {"schema": {"type": "object", "properties": {"crew": {"type": "string", "title": "Crew"}}}}
    task = _export(missed_bin).find(".//bpmn:userTask[@id='check']", NS)
    assert json.loads(task.get(f"{CF}assign")) == check["assign"]
    assert json.loads(task.get(f"{CF}form")) == check["form"]
    assert [o["id"] for o in json.loads(task.get(f"{CF}outcomes"))] == [o["id"] for o in check["outcomes"]]


def test_every_element_has_a_shape_and_every_flow_an_edge_left_to_right():
    root = _export(_library(next(p for p in LIBRARY if p.stem == "premises-licence")))
    process = root.find("bpmn:process", NS)
    nodes = {el.get("id") for el in process if el.tag != f"{{{NS['bpmn']}}}sequenceFlow"}
    flows = {el.get("id") for el in process.iterfind("bpmn:sequenceFlow", NS)}
    shapes = {s.get("bpmnElement"): s.find("dc:Bounds", NS) for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement") for e in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    assert set(shapes) == nodes and edges == flows
    x = {key: int(bounds.get("x")) for key, bounds in shapes.items()}
    assert x["start__event"] < x["validate"] < x["consult"] < x["public_notice"] < x["consultation_closed"]
    corners = {(b.get("x"), b.get("y")) for key, b in shapes.items() if key != "hearing__outcome"}
    assert len(corners) == len(shapes) - 1  # no two shapes on top of each other


def test_ends_in_a_workflow_with_parallel_branches_terminate_the_whole_case():
    root = _export(_library(next(p for p in LIBRARY if p.stem == "premises-licence")))
    ends = root.findall(".//bpmn:endEvent", NS)
    assert ends and all(e.find("bpmn:terminateEventDefinition", NS) is not None for e in ends)
    assert all(e.get(f"{CF}outcome") for e in ends)


def test_a_half_written_draft_still_exports(schema):
    draft = {
        "title": "Draft",
        "start": "nowhere",
        "steps": [
            {"id": "pick", "type": "decision", "branches": [{"when": {"==": [1, 1]}}]},
            {"id": "wait", "type": "timer"},
            {"id": "meet", "type": "join"},
            {"id": "ask", "type": "task", "title": "Ask"},
        ],
    }
    root = _export(draft)
    assert {"pick", "wait", "meet", "ask"} <= {el.get("id") for el in root.iter()}
