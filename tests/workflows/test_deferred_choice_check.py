"""A deferred choice (`first_of`) through the pipeline without running it: save-time problems at their exact
path, the dry run (the designer picks the option that happens first), the diagram and BPMN out and back in."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree
from viewflow.workflow import chart

from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, step, svg_words, task
from workflows.bpmn_export import definition_bpmn
from workflows.bpmn_import import bpmn_definition
from workflows.check import workflow_definition_check
from workflows.compile import workflow_compile
from workflows.diagram import diagram_svg
from workflows.dry_run import workflow_dry_run

EXAMPLE = json.loads(
    (Path(__file__).resolve().parents[2] / "workflows" / "library" / "complaint-evidence.json").read_text()
)["definition"]
TEAMS = {"complaints"}
MONDAY = datetime(2025, 6, 2, 9, 0)


def _problems(definition: dict) -> list[str]:
    with pytest.raises(DefinitionInvalid) as raised:
        workflow_definition_check(definition, teams={"waste"}, connector_types={"rest"})
    return [str(problem) for problem in raised.value.problems]


def _choice(*options: str, **extra: object) -> dict:
    return step("wait", "first_of", options=list(options), **extra)


def test_the_library_example_passes_the_check():
    workflow_definition_check(EXAMPLE, teams=TEAMS, connector_types={"rest"})


def test_an_option_must_be_a_wait_a_timer_or_a_task():
    definition = flow(
        _choice("reply", "tell"),
        step("reply", "wait_for_customer", next="done"),
        step("tell", "set_status", status="in_progress", next="done"),
        end("done"),
        start="wait",
    )
    assert _problems(definition) == [
        '/steps/0/options/1: "tell" is a set_status step; an option is one of wait_for_customer, wait_for_reply, timer, task'
    ]


def test_one_option_is_not_a_choice_and_an_unknown_option_is_named():
    definition = flow(_choice("reply"), step("reply", "wait_for_customer", next="done"), end("done"), start="wait")
    assert _problems(definition) == ["/steps/0/options: a first_of needs at least 2 options"]
    definition = flow(
        _choice("reply", "nowhere"), step("reply", "wait_for_customer", next="done"), end("done"), start="wait"
    )
    assert any(p.startswith("/steps/0/options/1:") and "nowhere" in p for p in _problems(definition))


def test_only_the_choice_may_lead_to_its_options():
    definition = flow(
        _choice("reply", "ten_days"),
        step("reply", "wait_for_customer", next="done"),
        step("ten_days", "timer", wait={"working_days": 10}, next="reply"),
        end("done"),
        start="wait",
    )
    assert _problems(definition) == [
        '/steps/2/next: "reply" is an option of first_of "wait"; only that step may lead to it'
    ]


def test_an_option_leaves_only_by_its_next():
    definition = flow(
        _choice("reply", "check"),
        step("reply", "wait_for_customer", next="done", timeout={"after": {"days": 3}, "next": "done"}),
        {**task("check"), "cancel_on": [{"after": {"days": 2}, "next": "done"}]},
        end("done"),
        start="wait",
    )
    assert _problems(definition) == [
        "/steps/1/timeout: a wait in a first_of has no timeout: add a timer option instead",
        "/steps/2/cancel_on: a task in a first_of has no cancel_on: add the timer or event as another option",
    ]


def test_a_step_is_an_option_of_one_choice_only():
    definition = flow(
        step("first", "first_of", options=["reply", "ten_days"]),
        step("reply", "wait_for_customer", next="second"),
        step("ten_days", "timer", wait={"days": 1}, next="done"),
        step("second", "first_of", options=["reply", "later"]),
        step("later", "timer", wait={"days": 2}, next="done"),
        end("done"),
        start="first",
    )
    assert '/steps/3/options/0: "reply" is already an option of "first"' in _problems(definition)


def test_the_dry_run_follows_the_option_the_designer_picks():
    def walk(outcomes: dict) -> list[dict]:
        return workflow_dry_run(EXAMPLE, answers={}, outcomes=outcomes, start=MONDAY, region="england-and-wales")

    waiting = walk({"triage": "need_evidence"})
    assert [e["step"] for e in waiting] == ["triage", "ask_evidence", "await_evidence"]
    assert waiting[-1]["note"].startswith("waits for whichever happens first: resident_evidence (the resident replies)")

    timed_out = walk({"triage": "need_evidence", "await_evidence": "ten_days"})
    assert [e["step"] for e in timed_out][-3:] == ["await_evidence", "ten_days", "close_no_evidence"]
    assert (
        "10 working days pass first; withdrawn: resident_evidence, records_answer, go_on_without"
        in (timed_out[-3]["note"])
    )
    assert timed_out[-1]["at"] == "2025-06-16T09:00:00"  # ten working days after Monday 2 June

    replied = walk({"triage": "need_evidence", "await_evidence": "resident_evidence", "investigate": "upheld"})
    assert [e["step"] for e in replied][-3:] == ["resident_evidence", "investigate", "done"]

    officer = walk({"triage": "need_evidence", "await_evidence": "go_on_without", "go_on_without": "close"})
    assert [e["step"] for e in officer][-2:] == ["go_on_without", "close_no_evidence"]

    wrong = walk({"triage": "need_evidence", "await_evidence": "investigate"})
    assert wrong[-1]["note"].endswith('"investigate" is not one of its options')


def test_the_diagram_labels_each_option_arrow(db):
    flow_class = workflow_compile(EXAMPLE, class_name="deferredpreview")
    svg = svg_words(diagram_svg(chart.calc_layout_data(flow_class), EXAMPLE))
    for words in ("first: the resident replies", '"records" replies', "first: 10 working days pass"):
        assert words in svg.replace("&quot;", '"')
    assert "Whichever happens first" in svg


def test_bpmn_export_is_an_event_based_gateway_and_imports_back():
    xml = definition_bpmn(EXAMPLE, slug="complaint-evidence", version=1)
    root = etree.fromstring(xml.encode())
    ns = {"b": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    (gateway,) = root.findall(".//b:eventBasedGateway", ns)
    assert gateway.get("id") == "await_evidence"
    targets = [
        f.get("targetRef") for f in root.findall(".//b:sequenceFlow", ns) if f.get("sourceRef") == "await_evidence"
    ]
    assert targets == ["resident_evidence", "records_answer", "ten_days", "go_on_without"]
    imported = bpmn_definition(xml.encode())
    choice = next(s for s in imported["steps"] if s["id"] == "await_evidence")
    assert choice["type"] == "first_of" and choice["options"] == targets
