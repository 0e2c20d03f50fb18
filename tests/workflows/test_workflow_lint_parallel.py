"""Parallel branches in the lint: splits inside loops are refused, reading another branch's task is allowed."""

from __future__ import annotations

import pytest

from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete
from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, step, task
from workflows.check import workflow_definition_check
from workflows.lint import workflow_definition_lint
from workflows.validate import workflow_definition_validate


def lint(definition: dict) -> list[str]:
    assert workflow_definition_validate(definition) == []
    return [str(p) for p in workflow_definition_lint(definition)]


# "assess" can fork the work again while the first round's "inspect" is still open.
SPLIT_IN_A_LOOP = flow(
    step("fork", "split", branches=["assess", "inspect"]),
    task("assess", {"ok": "meet", "again": "fork"}, outcomes=("ok", "again")),
    task("inspect", "meet"),
    step("meet", "join", next="done"),
    end(),
    start="fork",
)

# The whole split and join repeat: each round's branches meet before the next round starts.
LOOP_AROUND_THE_SPLIT = flow(
    step("fork", "split", branches=["assess", "inspect"]),
    task("assess", "meet"),
    task("inspect", "meet"),
    step("meet", "join", next="decide"),
    task("decide", {"ok": "done", "again": "fork"}, outcomes=("ok", "again")),
    end(),
    start="fork",
)


def test_a_split_inside_a_loop_is_refused_with_its_path_and_why():
    problems = lint(SPLIT_IN_A_LOOP)
    assert problems == [
        '/steps/0: split "fork" is inside a loop: "assess" leads back to it before its branches meet at "meet", '
        "so a second round of branches would start while the first is still open; loop back only after the join"
    ]


def test_a_split_inside_a_loop_cannot_be_saved():
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(SPLIT_IN_A_LOOP)
    assert [p.path for p in refused.value.problems] == ["/steps/0"]


def test_going_back_into_a_branch_after_the_join_is_refused():
    definition = flow(
        step("fork", "split", branches=["assess", "inspect"]),
        task("assess", "meet"),
        task("inspect", "meet"),
        step("meet", "join", next="decide"),
        task("decide", {"ok": "done", "again": "assess"}, outcomes=("ok", "again")),
        end(),
        start="fork",
    )
    assert lint(definition) == [
        '/steps/4/next/again: "assess" is inside the branches of split "fork", so going back to it after join '
        '"meet" would leave the join waiting for branches that never started; go back to "fork" instead'
    ]


def test_a_loop_around_the_whole_split_and_join_is_allowed():
    assert lint(LOOP_AROUND_THE_SPLIT) == []


def test_a_loop_inside_one_branch_is_allowed():
    definition = flow(
        step("fork", "split", branches=["assess", "inspect"]),
        task("assess", {"ok": "meet", "redo": "assess"}, outcomes=("ok", "redo")),
        task("inspect", "meet"),
        step("meet", "join", next="done"),
        end(),
        start="fork",
    )
    assert lint(definition) == []


def test_a_loop_around_the_whole_split_runs_a_second_round(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), LOOP_AROUND_THE_SPLIT)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")

    def complete(step_id: str, outcome: str = "ok") -> None:
        case_task = CaseTask.objects.get(case=case, step_id=step_id, is_open=True)
        task_claim(officer, case_task)
        task_complete(officer, case_task, outcome=outcome)

    complete("assess")
    complete("inspect")
    complete("decide", "again")
    complete("inspect")
    complete("assess")
    complete("decide")
    case.refresh_from_db()
    assert case.case_status == "resolved"
    assert CaseTask.objects.filter(case=case, step_id="assess").count() == 2


def test_a_condition_may_read_a_task_of_another_parallel_branch():
    definition = flow(
        step("fork", "split", branches=["assess", "inspect"]),
        task("assess", "meet"),
        task("inspect", "route"),
        step(
            "route",
            "decision",
            branches=[{"when": {"==": [{"var": "outcomes.assess"}, "ok"]}, "next": "meet"}],
            otherwise="meet",
        ),
        step("meet", "join", next="done"),
        end(),
        start="fork",
    )
    assert lint(definition) == []


def test_a_condition_still_may_not_read_a_task_that_only_runs_later():
    definition = flow(
        step("fork", "split", branches=["assess", "inspect"]),
        task("assess", "meet"),
        task("inspect", "route"),
        step(
            "route",
            "decision",
            branches=[{"when": {"==": [{"var": "outcomes.decide"}, "ok"]}, "next": "meet"}],
            otherwise="meet",
        ),
        step("meet", "join", next="decide"),
        task("decide"),
        end(),
        start="fork",
    )
    assert lint(definition) == [
        '/steps/3/branches/0/when/==/0/var: task "decide" never runs before "route", so this is always empty'
    ]
