"""SLA benchmark: the timer sweep with a working-hours business calendar among many waiting cases.

Riverside gets opening hours (Monday to Saturday, 8:00 to 18:00); its missed-bin workflow waits 40 working
hours, then opens a task due in 4 working hours with a reminder 2 working hours before. SLA_BENCH_WAITING
(10000) cases wait on the timer, SLA_BENCH_DUE (100) of them are due: one sweep fires them (each computes the
new task's due date and its reminder in working hours), then the SLA breach sweep runs over the waiting cases
with SLA_BENCH_BREACHED (100) of them past their due date, then again with nothing new to record.
"""

from __future__ import annotations

import time
from datetime import time as clock_time
from datetime import timedelta

from .harness import env_int, report
from .spine import ANSWERS
from .waiting_cases import waiting_cases_clone

WORKING_HOURS_FLOW = {
    "title": "Timer sweep in working hours",
    "start": "pause",
    "sla": {"working_hours": 80},
    "steps": [
        {"id": "pause", "type": "timer", "wait": {"working_hours": 40}, "next": "check"},
        {
            "id": "check",
            "type": "task",
            "title": "Check",
            "assign": {"team": "waste"},
            "due": {"working_hours": 4},
            "remind_before": {"working_hours": 2},
            "outcomes": [{"id": "ok", "label": "OK"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def bench_sla_timer_sweep(waiting: int | None = None, due: int | None = None, breached: int | None = None) -> None:
    from django.utils import timezone
    from viewflow.workflow.models import Task

    from casework.models import Case, CaseTask, Service
    from casework.services.sla_breach import cases_sla_sweep
    from casework.services.submission import case_submit
    from councils.models import OpeningHours
    from workflows.services import workflow_definition_new_draft, workflow_definition_publish
    from workflows.timers import timers_fire_due

    waiting = waiting or env_int("SLA_BENCH_WAITING", 10000)
    due = min(due or env_int("SLA_BENCH_DUE", 100), waiting)
    breached = min(breached or env_int("SLA_BENCH_BREACHED", 100), waiting)
    service = Service.objects.get(council__slug="riverside", slug="missed-bin")
    assert service.workflow is not None
    for weekday in range(6):
        OpeningHours.objects.create(
            council=service.council, weekday=weekday, opens=clock_time(8), closes=clock_time(18)
        )
    draft = workflow_definition_new_draft(service.workflow)
    draft.definition = WORKING_HOURS_FLOW
    draft.save()
    workflow_definition_publish(draft)
    service.refresh_from_db()
    template = case_submit(service=service, answers=ANSWERS)
    timer = Task.objects.get(process_id=template.pk, flow_task_type="TIMER")
    later = timezone.now() + timedelta(days=14)

    started = time.perf_counter()
    waiting_cases_clone(template=template, timer=timer, count=waiting, reference_prefix="SLA", scheduled=later)
    report("waiting cases created (bulk)", waiting / (time.perf_counter() - started), "per second", f"{waiting} cases")

    Task.objects.filter(pk=timer.pk).update(scheduled=later)
    due_ids = list(Task.objects.filter(flow_task_type="TIMER", status="SCHEDULED").values_list("pk", flat=True)[:due])
    Task.objects.filter(pk__in=due_ids).update(scheduled=timezone.now() - timedelta(minutes=1))
    started = time.perf_counter()
    fired = timers_fire_due()
    elapsed = time.perf_counter() - started
    assert fired == due, f"fired {fired}, expected {due}"
    assert CaseTask.objects.filter(step_id="check", due_at__isnull=False).count() == due
    report("due timers fired (working hours)", fired / elapsed, "per second", f"{fired} due among {waiting} waiting")

    late_ids = list(Case.objects.filter(reference__startswith="SLA-").values_list("pk", flat=True)[:breached])
    Case.objects.filter(pk__in=late_ids).update(due_at=timezone.now() - timedelta(hours=1))
    started = time.perf_counter()
    recorded = cases_sla_sweep()
    elapsed = time.perf_counter() - started
    assert recorded == breached, f"recorded {recorded}, expected {breached}"
    report("SLA breaches recorded", recorded / elapsed, "per second", f"{recorded} late among {waiting} waiting")
    started = time.perf_counter()
    assert cases_sla_sweep() == 0
    report("SLA sweep, nothing new", (time.perf_counter() - started) * 1000, "ms", f"{waiting} waiting")
