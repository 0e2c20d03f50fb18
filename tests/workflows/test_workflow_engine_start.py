"""Starting a case (workflows.engine_adapter.CaseStart): one write of the new process, no lock on it, no stored
start task, all or nothing."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Process, Task

from casework.models import Case, CaseEvent, CaseSearchDocument, CaseTask
from casework.services.tasks import task_claim
from connectors.models import Delivery
from reporting.models import CaseFact
from workflow_builders import end, flow, step, task
from workflows.diagram import workflow_svg
from workflows.waits import customer_wait_resume


def _statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries]


def test_a_case_start_inserts_its_process_once_and_takes_no_lock(demo, submit_missed_bin):
    with CaptureQueriesContext(connection) as queries:
        case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    sql = _statements(queries)
    assert sum(s.startswith('INSERT INTO "viewflow_process"') for s in sql) == 1
    assert not [s for s in sql if s.startswith('UPDATE "viewflow_process"') or s.startswith('UPDATE "casework_case"')]
    assert not [s for s in sql if "FOR UPDATE" in s and ('"casework_case"' in s or '"viewflow_process"' in s)]
    assert not [s for s in sql if 'INTO "viewflow_task_previous"' in s]
    # The start task is done in memory only: the first task is the case's only task, waiting, linked to nothing.
    tasks = Task.objects.filter(process=case).order_by("pk")
    assert [(t.flow_task_type, t.status) for t in tasks] == [("HUMAN", "NEW")]
    assert not tasks[0].previous.exists()
    assert CaseTask.objects.get(case=case).is_open


def test_later_activations_of_the_case_still_lock_it(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    with CaptureQueriesContext(connection) as queries:
        task_claim(demo.user("riverside-waste"), CaseTask.objects.get(case=case))
    lock = [s for s in _statements(queries) if s.startswith('SELECT 1 AS "a" FROM "casework_case"')]
    assert lock, "claiming a task must take the process lock"
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in lock[0]


def test_a_failure_inside_the_start_leaves_no_half_case(demo, submit_missed_bin, monkeypatch):
    from casework.engine_hooks import CaseworkEngineHooks

    def broken(activation, *, step):
        raise RuntimeError("task table unavailable")

    # The engine opens tasks through its port (workflows.ports.case_hooks), which casework implements.
    monkeypatch.setattr(CaseworkEngineHooks, "case_task_open", staticmethod(broken))
    with pytest.raises(RuntimeError):
        submit_missed_bin(demo.service("riverside", "missed-bin"))
    for model in (Case, Process, Task, CaseTask, CaseEvent, Delivery, CaseSearchDocument, CaseFact):
        assert not model.objects.exists(), f"{model.__name__} kept a row of the failed submission"


WAIT_FIRST = flow(
    step(
        "ask",
        "wait_for_customer",
        title="Wait for the resident",
        reminder_after={"working_days": 5},
        timeout={"after": {"working_days": 10}, "next": "no_reply"},
        next="check",
    ),
    task("check"),
    end("done"),
    end("no_reply", "withdrawn"),
    start="ask",
)


def test_a_first_step_with_timers_arms_them_on_itself_and_runs_on(demo, submit_missed_bin, publish_workflow):
    """The first task is stored before its boundary timers, which hang on it as on any later step."""
    case = submit_missed_bin(publish_workflow(demo.service("riverside", "missed-bin"), WAIT_FIRST))
    wait = Task.objects.get(process=case, flow_task_type="FUNCTION")
    assert not wait.previous.exists()
    timers = Task.objects.filter(process=case, flow_task_type="TIMER").order_by("pk")
    assert [t.flow_task.name for t in timers] == ["ask__remind", "ask__timeout"]
    assert all(list(t.previous.all()) == [wait] for t in timers)
    assert not Task.objects.filter(process=case, flow_task_type="START").exists()
    assert customer_wait_resume(case) is True
    assert list(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["check"]


def test_the_case_diagram_shows_the_start_done(demo, submit_missed_bin):
    """No start task is stored, yet the case's diagram colours its start as finished and its first task as current."""
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    svg = workflow_svg(case.workflow_version, case=case)
    assert re.search(r'<g id="start" [^>]*class="done"', svg)
    assert re.search(r'<g id="check" [^>]*class="new"', svg)
