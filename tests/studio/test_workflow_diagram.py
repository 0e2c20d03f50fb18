"""The diagram speaks the designer's words: titles as written, notify steps and ends named, arrows labelled."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from viewflow.workflow import chart

from workflows.compile import workflow_compile
from workflows.diagram import diagram_svg

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def _library(name: str) -> tuple[dict, dict]:
    workflow = json.loads((ROOT / "workflows" / "library" / f"{name}.json").read_text())["definition"]
    form = json.loads((ROOT / "form_definitions" / "library" / f"{name}.json").read_text())["schema"]
    return workflow, form


def _draw(definition: dict, form: dict | None = None, problems=()) -> ElementTree.Element:
    flow_class = workflow_compile(definition, class_name=f"diagramtest{abs(hash(json.dumps(definition)))}")
    svg = diagram_svg(
        chart.calc_layout_data(flow_class), flow_class.definition_json, form_schema=form, problem_steps=problems
    )
    return ElementTree.fromstring(svg)


def _texts(group: ElementTree.Element) -> str:
    return " ".join(t.text or "" for t in group.iter(f"{SVG}text") if t.get("class") != "gateway-marker")


def _groups(svg: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {g.get("id"): g for g in svg.iter(f"{SVG}g")}


def _edge_labels(svg: ElementTree.Element) -> set[str]:
    return {t.find(f"{SVG}title").text for t in svg.iter(f"{SVG}text") if t.get("class") == "edge-label"}


def test_step_titles_are_drawn_exactly_as_written():
    definition, form = _library("missed-bin")
    groups = _groups(_draw(definition, form))
    assert _texts(groups["check"]) == "Check the missed collection with the crew"
    assert _texts(groups["reroute"]) == "Pass to the right round"


def test_notify_steps_are_named_by_their_title_else_their_subject_not_their_id():
    definition, form = _library("missed-bin")
    definition["steps"][1]["title"] = "Tell the resident it was collected"
    groups = _groups(_draw(definition, form))
    assert _texts(groups["tell_collected"]) == "Tell the resident it was collected"
    assert _texts(groups["tell_not_out"]) == "Tell resident: About your missed collection"
    assert "Tell not out" not in _texts(groups["tell_not_out"])


def test_end_steps_are_labelled_with_their_outcome():
    definition, form = _library("missed-bin")
    groups = _groups(_draw(definition, form))
    assert _texts(groups["collected"]) == "Resolved"
    assert _texts(groups["no_action"]) == "No action"


def test_decision_branches_are_labelled_with_their_condition_in_words_and_task_routes_with_outcomes():
    definition, form = _library("fly-tipping")
    svg = _draw(definition, form)
    labels = _edge_labels(svg)
    assert "“Is it on private land?” is yes" in labels
    assert "otherwise" in labels
    assert {"Evidence found", "No evidence"} <= labels
    missed, missed_form = _library("missed-bin")
    assert {"Collected", "Not our round", "Bin was not out"} <= _edge_labels(_draw(missed, missed_form))


def test_problem_steps_are_marked():
    definition, form = _library("missed-bin")
    groups = _groups(_draw(definition, form, problems={"reroute"}))
    assert "problem" in (groups["reroute"].get("class") or "")
    assert "problem" not in (groups["check"].get("class") or "")
    assert groups["reroute"].find(f"{SVG}title").text.endswith("(has a problem)")
