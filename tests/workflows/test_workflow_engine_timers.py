"""Timers, reminders and escalation in working days, fired by the worker's sweep exactly once."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from viewflow.workflow.models import Task

from casework.models import CaseEvent, CaseTask
from casework.services.tasks import task_claim, task_complete
from connectors.models import Delivery
from workflow_builders import end, flow, step, task
from workflows.timers import timers_fire_due

ROOT = Path(__file__).resolve().parents[2]

ESCALATING = flow(
    task(
        "check",
        due={"working_days": 2},
        remind_before={"hours": 4},
        escalate={
            "after": {"working_days": 3},
            "to_team": "complaints",
            "role": "team_leader",
            "priority": "urgent",
            "notify": True,
        },
    ),
    end("done"),
)


def test_a_task_is_reminded_once_before_it_is_due(demo, submit_missed_bin, publish_workflow, timers_due_now):
    service = publish_workflow(demo.service("riverside", "missed-bin"), ESCALATING)
    case = submit_missed_bin(service)
    check = CaseTask.objects.get(case=case)
    remind = Task.objects.get(process_id=case.pk, flow_task__endswith="check__remind")
    assert remind.scheduled < check.due_at  # four hours before the due date

    timers_due_now(case, name_suffix="__remind")
    assert timers_fire_due() == 1
    assert timers_fire_due() == 0
    check.refresh_from_db()
    assert check.reminded_at is not None and check.escalated_at is None
    reminder = Delivery.objects.get(case=case, purpose="check_remind")
    assert "riverside-waste@riverside.example.gov.uk" in reminder.payload["to"]  # the waste team's queue


def test_an_overdue_task_is_escalated_to_the_leaders_queue_with_an_event(
    demo, submit_missed_bin, publish_workflow, timers_due_now
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), ESCALATING)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case)
    task_claim(officer, check)
    escalate = Task.objects.get(process_id=case.pk, flow_task__endswith="check__escalate")
    assert escalate.scheduled > check.due_at  # 3 working days after creation, the task being due after 2
    CaseTask.objects.filter(pk=check.pk).update(due_at=datetime(2026, 1, 1, tzinfo=UTC))  # now overdue

    timers_due_now(case, name_suffix="__escalate")
    assert timers_fire_due() == 1
    check.refresh_from_db()
    assert check.team.slug == "complaints" and check.required_role == "team_leader" and check.priority == "urgent"
    assert check.escalated_at is not None and check.task.owner is None  # back in a queue, for a leader to claim
    kinds = list(
        CaseEvent.objects.filter(case=case, kind__in=["escalated", "sla_breached"]).values_list("kind", flat=True)
    )
    assert kinds == ["sla_breached", "escalated"]
    assert Delivery.objects.get(case=case, purpose="check_escalate").payload["to"] == [
        "riverside-leader@riverside.example.gov.uk"
    ]

    leader = demo.user("riverside-leader")
    task_claim(leader, check)
    task_complete(leader, check, outcome="ok")
    case.refresh_from_db()
    assert case.outcome == "resolved"


def test_completing_a_task_disarms_its_reminder_and_escalation(
    demo, submit_missed_bin, publish_workflow, timers_due_now
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), ESCALATING)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case)
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    assert timers_due_now(case) == 0
    assert timers_fire_due() == 0
    assert not CaseEvent.objects.filter(case=case, kind="escalated").exists()


def test_escalating_twice_changes_nothing_the_second_time(demo, submit_missed_bin, publish_workflow):
    from casework.services.escalation import case_task_escalate

    service = publish_workflow(demo.service("riverside", "missed-bin"), ESCALATING)
    case = submit_missed_bin(service)
    check = CaseTask.objects.get(case=case)
    step_spec = ESCALATING["steps"][0]
    assert case_task_escalate(check, step=step_spec) is True
    assert case_task_escalate(check, step=step_spec) is False  # the conditional UPDATE found escalated_at set
    assert CaseEvent.objects.filter(case=case, kind="escalated").count() == 1


TIMED = flow(
    step("pause", "timer", wait={"working_days": 10}, next="check"),
    task("check"),
    end("done"),
    start="pause",
)


def _workers_run(env, count: int) -> None:
    """`count` worker processes sweeping at the same moment, each one pass."""
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--once"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=120)
        assert worker.returncode == 0, stderr


def test_timers_fire_once_with_two_workers_and_across_a_restart(
    demo, submit_missed_bin, publish_workflow, subprocess_env
):
    from django.db import connection

    service = publish_workflow(demo.service("riverside", "missed-bin"), TIMED)
    cases = [submit_missed_bin(service) for _ in range(8)]
    timers = Task.objects.filter(process_id__in=[c.pk for c in cases], flow_task_type="TIMER")
    timers.update(scheduled=datetime(2026, 1, 1, tzinfo=UTC))

    # Two workers at once need row locks (PostgreSQL); SQLite serialises writers, so one there.
    _workers_run(subprocess_env, 2 if connection.vendor == "postgresql" else 1)
    _workers_run(subprocess_env, 1)  # the worker restarts and sweeps the same database again

    for case in cases:
        assert CaseTask.objects.filter(case=case, step_id="check").count() == 1
    assert set(timers.values_list("status", flat=True)) == {"DONE"}


def test_a_timer_waits_working_days_in_the_councils_region(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), TIMED)
    case = submit_missed_bin(service)
    timer = Task.objects.get(process_id=case.pk, flow_task_type="TIMER")
    from workflows.working_days import working_days_between

    assert working_days_between(case.submitted_at, timer.scheduled, region="england-and-wales") == 10


@pytest.mark.parametrize(("region", "fires_on"), [("england-and-wales", "2027-04-12"), ("scotland", "2027-04-09")])
def test_timer_and_task_due_dates_skip_the_councils_bank_holidays(
    demo, submit_missed_bin, publish_workflow, frozen_now, region, fires_on
):
    # Thursday before Easter 2027: Good Friday is a holiday everywhere, Easter Monday not in Scotland.
    council = demo.council("riverside")
    council.holiday_region = region
    council.save(update_fields=["holiday_region"])
    frozen_now(datetime(2027, 3, 25, 10, 0, tzinfo=UTC))
    service = publish_workflow(demo.service("riverside", "missed-bin"), TIMED)
    case = submit_missed_bin(service)
    timer = Task.objects.get(process_id=case.pk, flow_task_type="TIMER")
    assert timer.scheduled.date().isoformat() == fires_on
