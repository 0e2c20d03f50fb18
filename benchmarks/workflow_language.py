"""Workflow language benchmarks: validate+lint+compile of a generated 50-step definition, and the timer sweep.

Counts are keyword arguments, overridable from the environment for bigger (or quicker) runs:
WORKFLOW_BENCH_STEPS (50), WORKFLOW_BENCH_REPEAT (20 timed compiles), WORKFLOW_BENCH_WAITING (10000 cases
waiting on a timer), WORKFLOW_BENCH_DUE (100 of them due). The timer sweep starts from the Riverside demo (harness).
"""

from __future__ import annotations

import time
from datetime import timedelta

from .harness import env_int, report, summary, timed
from .spine import ANSWERS
from .waiting_cases import waiting_cases_clone


def definition_generate(steps: int) -> dict:
    """A valid definition of about `steps` steps cycling through tasks, decisions, splits/joins, timers and waits."""
    body: list[dict] = []
    i = 0
    while len(body) < steps - 2:
        here, nxt = f"s{i}", f"s{i + 1}"
        kind = i % 6
        if kind == 0:
            body.append(
                {
                    "id": here,
                    "type": "task",
                    "title": f"Task {i}",
                    "assign": {"team": "waste"},
                    "due": {"working_days": 2},
                    "remind_before": {"hours": 4},
                    "escalate": {"after": {"working_days": 3}, "priority": "high"},
                    "outcomes": [{"id": "ok", "label": "OK"}, {"id": "stop", "label": "Stop"}],
                    "next": {"ok": nxt, "stop": "refused"},
                }
            )
        elif kind == 1:
            body.append(
                {
                    "id": here,
                    "type": "decision",
                    "branches": [{"when": {"==": [{"var": f"outcomes.s{i - 1}"}, "ok"]}, "next": nxt}],
                    "otherwise": "refused",
                }
            )
        elif kind == 2:
            body += [
                {"id": here, "type": "split", "branches": [f"s{i}a", f"s{i}b"]},
                {
                    "id": f"s{i}a",
                    "type": "task",
                    "title": "Branch A",
                    "assign": {"team": "waste"},
                    "outcomes": [{"id": "ok", "label": "OK"}],
                    "next": f"s{i}j",
                },
                {"id": f"s{i}b", "type": "timer", "wait": {"working_days": 5}, "next": f"s{i}j"},
                {"id": f"s{i}j", "type": "join", "next": nxt},
            ]
        elif kind == 3:
            body.append(
                {
                    "id": here,
                    "type": "wait_for_customer",
                    "reminder_after": {"working_days": 5},
                    "timeout": {"after": {"working_days": 10}, "next": "refused"},
                    "next": nxt,
                }
            )
        elif kind == 4:
            body.append(
                {
                    "id": here,
                    "type": "notify",
                    "to": "resident",
                    "template": {"subject": "Case ((reference))", "body": "Update"},
                    "next": nxt,
                }
            )
        else:
            body.append({"id": here, "type": "set_status", "status": "in_progress", "next": nxt})
        i += 1
    body.append({"id": f"s{i}", "type": "end", "outcome": "resolved"})
    body.append({"id": "refused", "type": "end", "outcome": "refused"})
    return {"title": "Generated", "start": "s0", "sla": {"working_days": 20}, "steps": body}


def bench_definition_pipeline(steps: int | None = None, repeat: int | None = None) -> None:
    from workflows.check import workflow_definition_check
    from workflows.compile import workflow_compile

    steps = steps or env_int("WORKFLOW_BENCH_STEPS", 50)
    repeat = repeat or env_int("WORKFLOW_BENCH_REPEAT", 20)
    definition = definition_generate(steps)
    n = len(definition["steps"])

    def pipeline() -> None:
        workflow_definition_check(definition, teams={"waste"})
        workflow_compile(definition, class_name="benchgen")

    pipeline()
    samples = timed(pipeline, repeat)
    report(f"validate+lint+compile ({n} steps)", sum(samples) / len(samples) * 1000, "ms", summary(samples))


TIMED = {
    "title": "Timer sweep",
    "start": "pause",
    "steps": [
        {"id": "pause", "type": "timer", "wait": {"working_days": 10}, "next": "check"},
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def bench_timer_sweep(waiting: int | None = None, due: int | None = None) -> None:
    """Clone one real waiting case `waiting` times (bulk inserts), make `due` of them due, time one sweep."""
    from django.utils import timezone
    from viewflow.workflow.models import Task

    from casework.models import CaseTask
    from workflows.services import workflow_definition_new_draft, workflow_definition_publish
    from workflows.timers import timers_fire_due

    waiting = waiting or env_int("WORKFLOW_BENCH_WAITING", 10000)
    due = min(due or env_int("WORKFLOW_BENCH_DUE", 100), waiting)
    from casework.models import Service
    from casework.services.submission import case_submit

    service = Service.objects.get(council__slug="riverside", slug="missed-bin")
    draft = workflow_definition_new_draft(service.workflow)
    draft.definition = TIMED
    draft.save()
    workflow_definition_publish(draft)
    service.refresh_from_db()
    template = case_submit(service=service, answers=ANSWERS)
    timer = Task.objects.get(process_id=template.pk, flow_task_type="TIMER")
    later = timezone.now() + timedelta(days=14)

    started = time.perf_counter()
    waiting_cases_clone(template=template, timer=timer, count=waiting, reference_prefix="BENCH", scheduled=later)
    report("waiting cases created (bulk)", waiting / (time.perf_counter() - started), "per second", f"{waiting} cases")

    Task.objects.filter(pk=timer.pk).update(scheduled=later)
    due_ids = list(Task.objects.filter(flow_task_type="TIMER", status="SCHEDULED").values_list("pk", flat=True)[:due])
    Task.objects.filter(pk__in=due_ids).update(scheduled=timezone.now() - timedelta(minutes=1))
    started = time.perf_counter()
    fired = timers_fire_due()
    elapsed = time.perf_counter() - started
    assert fired == due, f"fired {fired}, expected {due}"
    assert CaseTask.objects.filter(step_id="check").count() == due
    report("due timers fired", fired / elapsed, "per second", f"{fired} due among {waiting} waiting")
    started = time.perf_counter()
    assert timers_fire_due() == 0
    report("empty sweep (nothing due)", (time.perf_counter() - started) * 1000, "ms", f"{waiting - due} waiting")
