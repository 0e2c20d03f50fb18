"""Starting a case (workflows.engine_adapter.CaseStart): one write of the new process, no lock on it, all or nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Process, Task

from casework.models import Case, CaseEvent, CaseSearchDocument, CaseTask
from casework.services.tasks import task_claim
from connectors.models import Delivery
from reporting.models import CaseFact


def _statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries]


def test_a_case_start_inserts_its_process_once_and_takes_no_lock(demo, submit_missed_bin):
    with CaptureQueriesContext(connection) as queries:
        case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    sql = _statements(queries)
    assert sum(s.startswith('INSERT INTO "viewflow_process"') for s in sql) == 1
    assert not [s for s in sql if s.startswith('UPDATE "viewflow_process"') or s.startswith('UPDATE "casework_case"')]
    assert not [s for s in sql if "FOR UPDATE" in s and ('"casework_case"' in s or '"viewflow_process"' in s)]
    # What the skipped steps used to guarantee still holds: the start task is done, the first task waits.
    tasks = Task.objects.filter(process=case).order_by("pk")
    assert [(t.flow_task_type, t.status) for t in tasks] == [("START", "DONE"), ("HUMAN", "NEW")]
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
