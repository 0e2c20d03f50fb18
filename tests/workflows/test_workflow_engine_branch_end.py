"""An end step inside a parallel branch ends the whole case: other branches are cancelled, one end event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from viewflow.workflow.status import STATUS

from casework.exceptions import TaskNotAvailable
from casework.models import CaseTask, EventKind
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, step, task
from workflows.dry_run import workflow_dry_run

WITHDRAW_IN_A_BRANCH = flow(
    step("fork", "split", branches=["assess", "inspect"]),
    task("assess", {"ok": "meet", "withdraw": "withdrawn"}, outcomes=("ok", "withdraw")),
    {**task("inspect", "meet"), "assign": {"team": "highways"}},
    step("meet", "join", next="decide"),
    task("decide"),
    end("done"),
    end("withdrawn", "withdrawn"),
    start="fork",
)

END_IN_EACH_BRANCH = flow(
    step("fork", "split", branches=["assess", "inspect"]),
    task("assess", {"ok": "meet", "stop": "done"}, outcomes=("ok", "stop")),
    {**task("inspect", {"ok": "meet", "stop": "done"}, outcomes=("ok", "stop")), "assign": {"team": "highways"}},
    step("meet", "join", next="decide"),
    task("decide"),
    end("done"),
    start="fork",
)


def _complete(demo, case, step_id: str, username: str, outcome: str = "ok") -> None:
    case_task = CaseTask.objects.get(case=case, step_id=step_id)
    task_claim(demo.user(username), case_task)
    task_complete(demo.user(username), case_task, outcome=outcome)


def test_an_end_in_one_branch_ends_the_case_and_cancels_the_other_branch(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), WITHDRAW_IN_A_BRANCH)
    case = submit_missed_bin(service)
    _complete(demo, case, "assess", "riverside-waste", "withdraw")

    case.refresh_from_db()
    assert case.outcome == "withdrawn"
    assert case.status == STATUS.DONE and case.finished is not None  # the engine process is finished
    inspect = CaseTask.objects.select_related("task").get(case=case, step_id="inspect")
    assert inspect.is_open is False and inspect.task.status == STATUS.CANCELED
    assert not case.task_set.exclude(status__in=[STATUS.DONE, STATUS.CANCELED]).exists()
    assert case.events.filter(kind__in=[EventKind.RESOLVED, EventKind.CLOSED]).count() == 1
    assert not CaseTask.objects.filter(case=case, step_id="decide").exists()


def test_an_end_in_each_branch_records_one_end_event(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), END_IN_EACH_BRANCH)
    case = submit_missed_bin(service)
    _complete(demo, case, "assess", "riverside-waste", "stop")

    case.refresh_from_db()
    assert case.case_status == "resolved" and case.finished is not None
    inspect = CaseTask.objects.get(case=case, step_id="inspect")
    assert inspect.is_open is False
    with pytest.raises(TaskNotAvailable):
        task_claim(demo.user("riverside-highways"), inspect)
    assert case.events.filter(kind__in=[EventKind.RESOLVED, EventKind.CLOSED]).count() == 1


def test_the_dry_run_agrees_an_end_in_a_branch_stops_the_case():
    path = workflow_dry_run(
        WITHDRAW_IN_A_BRANCH,
        answers={},
        outcomes={"assess": "withdraw", "inspect": "ok", "decide": "ok"},
        start=datetime(2026, 3, 2, 9, tzinfo=UTC),
        region="england",
    )
    steps = [entry["step"] for entry in path]
    assert steps == ["fork", "assess", "withdrawn"]
    assert "cancel" in path[-1]["note"]


def test_the_dry_run_shows_one_end_when_each_branch_ends():
    path = workflow_dry_run(
        END_IN_EACH_BRANCH,
        answers={},
        outcomes={"assess": "stop", "inspect": "stop"},
        start=datetime(2026, 3, 2, 9, tzinfo=UTC),
        region="england",
    )
    assert [entry["type"] for entry in path].count("end") == 1
