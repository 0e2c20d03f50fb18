"""Split and join: both branches run in parallel; the join continues exactly once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from casework.models import CaseEvent, CaseTask, EventKind
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, step, task

PARALLEL = flow(
    step("fork", "split", branches=["waste_view", "highways_view"]),
    task("waste_view", "meet"),
    {**task("highways_view", "meet"), "assign": {"team": "highways"}},
    step("meet", "join", next="decide"),
    task("decide"),
    end("done"),
    start="fork",
)


def _both_branches(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), PARALLEL)
    case = submit_missed_bin(service)
    waste = CaseTask.objects.get(case=case, step_id="waste_view")
    highways = CaseTask.objects.get(case=case, step_id="highways_view")
    task_claim(demo.user("riverside-waste"), waste)
    task_claim(demo.user("riverside-highways"), highways)
    return case, waste, highways


def test_the_join_waits_for_both_branches(demo, submit_missed_bin, publish_workflow):
    case, waste, highways = _both_branches(demo, submit_missed_bin, publish_workflow)
    task_complete(demo.user("riverside-waste"), waste, outcome="ok")
    assert not CaseTask.objects.filter(case=case, step_id="decide").exists()
    task_complete(demo.user("riverside-highways"), highways, outcome="ok")
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1


def test_join_first_continues_on_the_first_branch_only(demo, submit_missed_bin, publish_workflow):
    definition = {**PARALLEL, "steps": [dict(s, mode="first") if s["id"] == "meet" else s for s in PARALLEL["steps"]]}
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    waste = CaseTask.objects.get(case=case, step_id="waste_view")
    task_claim(demo.user("riverside-waste"), waste)
    task_complete(demo.user("riverside-waste"), waste, outcome="ok")
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1


def test_join_first_others_finish_goes_on_once_and_leaves_the_other_branch_open(
    demo, submit_missed_bin, publish_workflow
):
    definition = {
        **PARALLEL,
        "steps": [dict(s, mode="first_others_finish") if s["id"] == "meet" else s for s in PARALLEL["steps"]],
    }
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    waste = CaseTask.objects.get(case=case, step_id="waste_view")
    highways = CaseTask.objects.get(case=case, step_id="highways_view")
    task_claim(demo.user("riverside-waste"), waste)
    task_complete(demo.user("riverside-waste"), waste, outcome="ok")
    decide = CaseTask.objects.get(case=case, step_id="decide", is_open=True)
    highways.refresh_from_db()
    assert highways.is_open  # not cancelled: the other branch carries on

    task_claim(demo.user("riverside-highways"), highways)
    task_complete(demo.user("riverside-highways"), highways, outcome="ok")
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1  # the late branch ends at the join

    task_claim(demo.user("riverside-waste"), decide)
    task_complete(demo.user("riverside-waste"), decide, outcome="ok")
    case.refresh_from_db()
    assert case.case_status == "resolved"
    assert CaseEvent.objects.filter(case=case, kind=EventKind.RESOLVED).count() == 1


@pytest.mark.postgres
def test_the_join_fires_once_when_both_branches_complete_at_the_same_moment(
    postgres_only, transactional_db, demo, submit_missed_bin, publish_workflow
):
    case, waste, highways = _both_branches(demo, submit_missed_bin, publish_workflow)
    start_together = threading.Barrier(2)
    errors: list[BaseException] = []

    def complete(username: str, case_task: CaseTask) -> None:
        try:
            start_together.wait()
            task_complete(demo.user(username), case_task, outcome="ok")
        except BaseException as exc:  # reported to the main thread below, not swallowed
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=complete, args=("riverside-waste", waste)),
        threading.Thread(target=complete, args=("riverside-highways", highways)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1
    assert not CaseTask.objects.filter(case=case, step_id__in=["waste_view", "highways_view"], is_open=True).exists()
