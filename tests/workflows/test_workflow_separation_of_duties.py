"""Separation of duties: `not_by` keeps an officer from a task at claim, assign and complete; four-eyes approval."""

from __future__ import annotations

import pytest

from casework.exceptions import NotAllowed
from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete, task_reassign
from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, step, task
from workflows.check import workflow_definition_check

FOUR_EYES = flow(
    task("draft", "approve"),
    {**task("approve"), "title": "Approve the decision", "not_by": ["draft"]},
    end("done"),
    start="draft",
)


@pytest.fixture
def drafted(demo, submit_missed_bin, publish_workflow):
    """A four-eyes case whose draft Sam Patel (riverside-waste) has done: the approval is in the waste queue."""
    service = publish_workflow(demo.service("riverside", "missed-bin"), FOUR_EYES)
    case = submit_missed_bin(service)
    draft = CaseTask.objects.get(case=case, step_id="draft")
    sam = demo.user("riverside-waste")
    task_claim(sam, draft)
    task_complete(sam, draft, outcome="ok")
    return case, CaseTask.objects.get(case=case, step_id="approve")


def test_the_drafter_cannot_claim_the_approval(drafted, demo):
    _, approve = drafted
    with pytest.raises(NotAllowed) as refused:
        task_claim(demo.user("riverside-waste"), approve)
    assert str(refused.value) == (
        "You did “Draft”, so someone else must do “Approve the decision” (separation of duties)"
    )
    task_claim(demo.user("riverside-waste2"), approve)  # a colleague may
    task_complete(demo.user("riverside-waste2"), approve, outcome="ok")
    approve.case.refresh_from_db()
    assert approve.case.case_status == "resolved"


def test_a_leader_cannot_assign_the_approval_to_the_drafter_and_is_told_why(drafted, demo, client):
    case, approve = drafted
    leader, sam = demo.user("riverside-leader"), demo.user("riverside-waste")
    with pytest.raises(NotAllowed) as refused:
        task_reassign(leader, approve, to_user=sam)
    assert str(refused.value) == (
        "Sam Patel did “Draft”, so someone else must do “Approve the decision” (separation of duties)"
    )
    client.force_login(leader)
    response = client.post(f"/work/tasks/{approve.pk}/reassign/", {"to_user": sam.pk}, follow=True)
    assert "Sam Patel did “Draft”, so someone else must do" in response.content.decode()
    approve.task.refresh_from_db()
    assert approve.task.owner is None


def test_anyone_who_worked_on_the_case_cannot_complete_the_check(demo, submit_missed_bin, publish_workflow):
    definition = flow(
        step("fork", "split", branches=["inspect", "check"]),
        task("inspect", "meet"),
        {**task("check", "meet"), "title": "Independent check", "not_by": "anyone_on_case"},
        step("meet", "join", next="done"),
        end("done"),
        start="fork",
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    sam = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(sam, check)  # nobody has worked on the case yet
    inspect = CaseTask.objects.get(case=case, step_id="inspect")
    task_claim(sam, inspect)
    task_complete(sam, inspect, outcome="ok")
    with pytest.raises(NotAllowed) as refused:
        task_complete(sam, check, outcome="ok")
    assert str(refused.value) == (
        "You already worked on this case with “Inspect”, so someone else must do “Independent check” "
        "(separation of duties)"
    )
    assert CaseTask.objects.get(pk=check.pk).is_open


def test_least_loaded_never_picks_the_drafter(demo, submit_missed_bin, publish_workflow):
    definition = flow(
        {**task("draft", "approve"), "assign": {"team": "highways"}},
        {**task("approve"), "assign": {"least_loaded": "highways"}, "not_by": ["draft"]},
        end("done"),
        start="draft",
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    draft = CaseTask.objects.get(case=case, step_id="draft")
    priya = demo.user("riverside-highways")  # with no open tasks, the least loaded of the team
    task_claim(priya, draft)
    task_complete(priya, draft, outcome="ok")
    owner = CaseTask.objects.get(case=case, step_id="approve").task.owner
    assert owner is not None and owner != priya


@pytest.mark.parametrize(
    ("not_by", "assign", "expected"),
    [
        (["approve"], {"team": "waste"}, "/steps/1/not_by/0: a task cannot be kept from whoever does it"),
        (["drafts"], {"team": "waste"}, '/steps/1/not_by/0: unknown step "drafts"'),
        (["done"], {"team": "waste"}, '/steps/1/not_by/0: "done" is not a task (its type is end)'),
        (
            ["draft"],
            {"same_as": "draft"},
            '/steps/1/assign/same_as: this task goes to whoever did "draft", but not_by keeps them from it',
        ),
    ],
)
def test_not_by_mistakes_are_refused_at_save_time(not_by, assign, expected):
    definition = flow(
        task("draft", "approve"), {**task("approve"), "assign": assign, "not_by": not_by}, end(), start="draft"
    )
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(definition)
    assert [str(p) for p in refused.value.problems] == [expected]
