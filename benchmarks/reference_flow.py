"""A hand-written viewflow Flow with the same shape as benchmarks' JSON definition.

It exists only so `make bench` can measure what compiling from JSON costs compared with writing the
flow in Python: both use the same Case model and the same runtime hooks.
"""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock

from casework.models import Case
from workflows import runtime
from workflows.engine_adapter import CaseStart, OutcomeEnd, officer_task_view

BENCH_DEFINITION = {
    "title": "Benchmark shape",
    "start": "first",
    "steps": [
        {
            "id": "first",
            "type": "task",
            "title": "First",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "second",
        },
        {
            "id": "second",
            "type": "task",
            "title": "Second",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "OK"}, {"id": "no", "label": "No"}],
            "next": "route",
        },
        {
            "id": "route",
            "type": "decision",
            "branches": [{"when": {"==": [{"var": "outcomes.second"}, "ok"]}, "next": "third"}],
            "otherwise": "done",
        },
        {
            "id": "third",
            "type": "task",
            "title": "Third",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}
_STEPS = {step["id"]: step for step in BENCH_DEFINITION["steps"]}


def _is_ok(activation) -> bool:
    return activation.process.outcomes.get("second") == "ok"


class HandWrittenBenchFlow(flow.Flow):
    """Benchmark shape, hand-written"""

    process_class = Case
    lock_impl = select_for_update_lock
    definition_json = BENCH_DEFINITION

    start = CaseStart(runtime.case_started).Next(this.first)
    first = flow.View(officer_task_view).onCreate(runtime.task_created_hook(_STEPS["first"])).Next(this.second)
    second = flow.View(officer_task_view).onCreate(runtime.task_created_hook(_STEPS["second"])).Next(this.route)
    route = flow.Switch().Case(this.third, _is_ok).Default(this.done)
    third = flow.View(officer_task_view).onCreate(runtime.task_created_hook(_STEPS["third"])).Next(this.done)
    done = OutcomeEnd("resolved", on_end=runtime.case_end_hook(_STEPS["done"]))
