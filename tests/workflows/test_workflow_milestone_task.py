"""Milestone tasks (`only_at_status`): claimable and completable only while the case is at that status."""

from __future__ import annotations

import pytest

from casework.exceptions import NotAllowed
from casework.models import CaseStatus, CaseTask
from casework.services.status import case_status_change
from casework.services.tasks import task_claim, task_complete
from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, step, task
from workflows.check import workflow_definition_check

BOOKING = flow(
    step("fork", "split", branches=["book", "amend_booking"]),
    task("book", "booked"),
    step("booked", "set_status", status="waiting_on_back_office", next="collect"),
    task("collect", "meet"),
    {**task("amend_booking", "meet"), "only_at_status": "waiting_on_back_office"},
    step("meet", "join", next="done"),
    end("done"),
    start="fork",
)


def test_a_milestone_task_waits_for_its_status_and_closes_its_window_after(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), BOOKING)
    case = submit_missed_bin(service)
    officer, colleague = demo.user("riverside-waste"), demo.user("riverside-leader")
    amend = CaseTask.objects.get(case=case, step_id="amend_booking")
    with pytest.raises(
        NotAllowed, match=r"can only be done while the case is “Waiting on another team” \(it is “Received” now\)"
    ):
        task_claim(officer, amend)

    book = CaseTask.objects.get(case=case, step_id="book")
    task_claim(colleague, book)
    task_complete(colleague, book, outcome="ok")  # the case is now waiting on the back office
    task_claim(officer, amend)  # inside its window

    case.refresh_from_db()
    case_status_change(case, CaseStatus.IN_PROGRESS, reason="the crew called")
    with pytest.raises(NotAllowed, match="it is “Being worked on” now"):
        task_complete(officer, amend, outcome="ok")
    case_status_change(case, CaseStatus.WAITING_ON_BACK_OFFICE, reason="waiting again")
    task_complete(officer, amend, outcome="ok")
    amend.refresh_from_db()
    assert amend.is_open is False and amend.outcome == "ok"


def test_open_and_unreachable_milestones_are_refused_at_their_paths():
    definition = flow(
        {**task("check", "done"), "only_at_status": "open"},
        {**task("other", "done"), "only_at_status": "waiting_on_customer"},
        end(),
        start="check",
    )
    definition["steps"][0]["next"] = "other"
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(definition)
    assert [str(p) for p in refused.value.problems] == [
        '/steps/0/only_at_status: the first claim moves an "open" case to "in_progress"; name a later status',
        '/steps/1/only_at_status: no step of this workflow sets the status "waiting_on_customer", '
        "so the task could never be done (reachable: in_progress)",
    ]


def test_the_documented_milestone_example_is_valid():
    import json
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "workflow-language.md").read_text()
    example = json.loads(re.search(r"```json\n(.*?)```", doc.split("#### only_at_status:", 1)[1], re.S).group(1))
    definition = {**BOOKING, "steps": [s if s["id"] != "amend_booking" else example for s in BOOKING["steps"]]}
    definition["steps"][0] = {**definition["steps"][0], "branches": ["book", "amend_booking"]}
    workflow_definition_check(definition)
