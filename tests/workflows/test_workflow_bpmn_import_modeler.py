"""What Camunda Modeler files contain beyond plain tasks: boundary events on tasks (cancel_on, escalate),
embedded sub-processes (inlined), a clear refusal per element with no equivalent, and XML limits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from councilflow.errors import DefinitionInvalid
from councilflow.versioning import DefinitionStatus
from workflows.bpmn_export import definition_bpmn
from workflows.bpmn_import import BPMN_MAX_DEPTH, BpmnImportInvalid, bpmn_definition
from workflows.bpmn_services import workflow_definition_bpmn_import
from workflows.dry_run import workflow_dry_run
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_publish

FIXTURES = Path(__file__).parent / "data" / "bpmn"
TEAMS = {"highways": "highways"}


def _import(demo, name: str, slug: str) -> WorkflowDefinition:
    content = (FIXTURES / name).read_bytes()
    return workflow_definition_bpmn_import(
        content, council=demo.council("riverside"), slug=slug, name="", form_slug="pothole"
    )


def _problems(name: str) -> list[str]:
    with pytest.raises(BpmnImportInvalid) as error:
        bpmn_definition((FIXTURES / name).read_bytes(), teams=TEAMS)
    return [str(problem) for problem in error.value.problems]


def test_boundary_timers_and_messages_on_a_task_become_cancel_on_and_escalate(demo):
    draft = _import(demo, "camunda-boundary-events.bpmn", "drawn-inspection")
    inspect = next(s for s in draft.definition["steps"] if s["id"] == "inspect_the_site")
    assert inspect["cancel_on"] == [
        {"after": {"days": 5}, "next": "chase_the_contractor"},  # interrupting timer
        {"event": "resident_reply", "next": "triage_again"},  # interrupting message "resident_reply"
    ]
    assert inspect["escalate"] == {"after": {"days": 7}, "notify": True}  # non-interrupting, through a send task
    ids = {s["id"] for s in draft.definition["steps"]}
    assert "email_the_team" not in ids and "escalated" not in ids  # the escalation's path is not a step
    assert workflow_definition_publish(draft).status == DefinitionStatus.PUBLISHED
    path = workflow_dry_run(
        draft.definition,
        answers={},
        outcomes={"inspect_the_site": "cancel_on:1", "triage_again": "done"},
        start=datetime(2026, 3, 2, 9, tzinfo=UTC),
        region="england",
    )
    assert [entry["step"] for entry in path] == ["inspect_the_site", "triage_again", "triaged"]


def test_an_imported_task_with_boundary_events_exports_and_imports_back_the_same():
    definition = bpmn_definition((FIXTURES / "camunda-boundary-events.bpmn").read_bytes(), teams=TEAMS)
    assert bpmn_definition(definition_bpmn(definition, slug="inspection").encode()) == definition


def test_embedded_sub_processes_are_inlined_with_their_lane(demo):
    draft = _import(demo, "camunda-subprocess.bpmn", "drawn-assessment")
    steps = draft.definition["steps"]
    assert draft.definition["start"] == "look_at_the_photos"
    assert [(s["id"], s.get("next")) for s in steps] == [
        ("look_at_the_photos", "measure_the_depth"),  # into the nested sub-process's first task
        ("measure_the_depth", "repair_the_pothole"),  # its end leads where both sub-processes went on
        ("repair_the_pothole", "repaired"),
        ("repaired", None),
    ]
    assert all(s["assign"] == {"team": "highways"} for s in steps if s["type"] == "task")  # the lane "Highways"
    assert workflow_definition_publish(draft).status == DefinitionStatus.PUBLISHED


def test_each_boundary_or_sub_process_without_an_equivalent_is_one_problem_and_nothing_is_saved(demo):
    problems = _problems("camunda-refusals.bpmn")
    assert [p.split(":")[0] for p in problems] == [
        "Activity_events",
        "Event_nonint_work",
        "Event_nonint_msg",
        "Event_unknown_msg",
        "Event_cycle",
        "Event_error",
    ]
    assert "event sub-process" in problems[0] and "starts other work (Activity_extra)" in problems[1]
    assert '"Payment received"' in problems[3] and "resident_reply" in problems[3]
    before = WorkflowDefinition.objects.count()
    with pytest.raises(DefinitionInvalid):
        _import(demo, "camunda-refusals.bpmn", "drawn-refusals")
    assert WorkflowDefinition.objects.count() == before


def test_a_sub_process_with_a_boundary_event_is_refused_on_its_id():
    content = (
        (FIXTURES / "camunda-subprocess.bpmn")
        .read_bytes()
        .replace(
            b"  </bpmn:process>",
            b'<bpmn:boundaryEvent id="Event_on_sub" attachedToRef="Activity_assess"><bpmn:timerEventDefinition>'
            b"<bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent></bpmn:process>",
        )
    )
    with pytest.raises(BpmnImportInvalid) as error:
        bpmn_definition(content, teams=TEAMS)
    assert [p.path for p in error.value.problems][0] == "Activity_assess"
    assert "attach it to the tasks inside" in str(error.value)


def test_deep_nesting_and_a_utf16_doctype_are_refused_before_reading():
    deep = b"<a>" * (BPMN_MAX_DEPTH + 1) + b"</a>" * (BPMN_MAX_DEPTH + 1)
    root = b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">%s</bpmn:definitions>'
    with pytest.raises(BpmnImportInvalid, match="nest more than"):
        bpmn_definition(root % deep)
    evil = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "boom">]>' + (
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&x;</bpmn:definitions>'
    )
    with pytest.raises(BpmnImportInvalid, match="DOCTYPE is not allowed"):
        bpmn_definition(evil.encode("utf-16"))


def test_a_file_with_more_sub_processes_than_the_cap_is_one_problem():
    from workflows.bpmn_import_subprocess import MAX_SUBPROCESSES

    subs = b"".join(
        b'<bpmn:subProcess id="sp%d"><bpmn:startEvent id="a%d"/></bpmn:subProcess>' % (i, i)
        for i in range(MAX_SUBPROCESSES + 1)  # with the fixture's two: 53
    )
    content = (
        (FIXTURES / "camunda-subprocess.bpmn").read_bytes().replace(b"  </bpmn:process>", subs + b"</bpmn:process>")
    )
    with pytest.raises(BpmnImportInvalid) as error:
        bpmn_definition(content, teams=TEAMS)
    assert [str(p) for p in error.value.problems if p.path == "/"] == [
        f"/: {MAX_SUBPROCESSES + 3} sub-processes: at most {MAX_SUBPROCESSES} are read"
    ]
