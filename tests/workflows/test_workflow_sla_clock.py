"""The case's SLA clock end to end: stops while waiting on the resident, stages, reopening, the resolution window."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from casework.models import Case, CaseEvent, CaseTask
from casework.services.resident import case_information_add
from casework.services.resolution import case_reopen, cases_close_unconfirmed
from casework.services.sla_breach import cases_sla_sweep
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, step, task
from workflows.waits import customer_wait_resume

LONDON = ZoneInfo("Europe/London")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def waiting_flow(**wait: object) -> dict:
    return flow(
        task("check", {"ok": "done", "more": "ask"}, outcomes=("ok", "more"), due={"working_days": 5}),
        step("ask", "wait_for_customer", title="Wait for the resident's photos", next="recheck", **wait),
        task("recheck"),
        end("done"),
        sla={"working_days": 10},
    )


def _complete(demo, case, step_id: str, outcome: str = "ok") -> None:
    officer = demo.user("riverside-waste")
    case_task = CaseTask.objects.get(case=case, step_id=step_id, is_open=True)
    task_claim(officer, case_task)
    task_complete(officer, case_task, outcome=outcome)


def test_the_clock_stops_while_the_case_waits_on_the_resident_and_the_due_date_moves_on_reply(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), waiting_flow())
    frozen_now(at(2026, 6, 1, 10))  # Monday 10:00
    case = submit_missed_bin(service)
    assert case.due_at == at(2026, 6, 15, 10)  # 10 working days

    frozen_now(at(2026, 6, 2, 10))  # Tuesday: the officer asks for photos
    _complete(demo, case, "check", "more")
    case.refresh_from_db()
    assert case.clock_stopped_at == at(2026, 6, 2, 10) and case.case_status == "waiting_on_customer"

    frozen_now(at(2026, 6, 15, 12))  # past the old due date: still not late, the clock is stopped
    assert cases_sla_sweep() == 0

    frozen_now(at(2026, 6, 5, 14))  # Friday 14:00 the resident replies: 3 days and 4 hours of working time later
    case_information_add(case, text="Here are the photos")
    case.refresh_from_db()
    assert case.clock_stopped_at is None and case.clock_stops == 0
    assert case.due_at == at(2026, 6, 18, 14)  # 15 June 10:00 + 28 working hours
    recheck = CaseTask.objects.get(case=case, step_id="recheck")
    assert recheck.due_at == case.due_at  # the new task takes the recomputed case due date
    stopped, restarted = CaseEvent.objects.filter(case=case, kind__in=["clock_stopped", "clock_restarted"]).order_by(
        "pk"
    )
    assert stopped.summary == "SLA clock stopped: Wait for the resident's photos"
    assert restarted.summary == "SLA clock restarted after 28 working hours; due 18 June 2026 14:00"
    assert datetime.fromisoformat(restarted.detail["due_before"]) == at(2026, 6, 15, 10)


def test_a_wait_marked_not_clock_stopping_leaves_the_due_date_alone(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), waiting_flow(stops_clock=False))
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    _complete(demo, case, "check", "more")
    frozen_now(at(2026, 6, 5, 14))
    assert customer_wait_resume(case) is True
    case.refresh_from_db()
    assert case.due_at == at(2026, 6, 15, 10) and case.clock_stopped_at is None
    assert not CaseEvent.objects.filter(case=case, kind__in=["clock_stopped", "clock_restarted"]).exists()


def test_late_cases_and_tasks_are_recorded_as_breached_once(demo, submit_missed_bin, publish_workflow, frozen_now):
    service = publish_workflow(demo.service("riverside", "missed-bin"), waiting_flow())
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    frozen_now(at(2026, 6, 8, 11))  # the task (5 working days) is late, the case (10) is not
    assert cases_sla_sweep() == 1
    frozen_now(at(2026, 6, 15, 11))
    assert cases_sla_sweep() == 1  # now the case as well
    assert cases_sla_sweep() == 0
    summaries = list(CaseEvent.objects.filter(case=case, kind="sla_breached").values_list("summary", flat=True))
    assert summaries == [
        "“Check” is overdue (was due 8 June 2026 10:00)",
        "The case is past its due date (was due 15 June 2026 10:00)",
    ]


def test_a_later_stage_recomputes_the_case_due_date(demo, submit_missed_bin, publish_workflow, frozen_now):
    definition = flow(
        task("check", {"ok": "done", "escalate": "stage2"}, outcomes=("ok", "escalate")),
        task("stage2", title="Stage 2 review", case_sla={"working_days": 20}),
        end("done"),
        sla={"working_days": 10},
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    frozen_now(at(2026, 6, 10, 9))  # Wednesday of the second week
    _complete(demo, case, "check", "escalate")
    case.refresh_from_db()
    assert case.due_at == at(2026, 7, 8, 9)  # 20 working days from stage 2, not stage 1's 15 June
    assert CaseTask.objects.get(case=case, step_id="stage2").due_at == case.due_at
    event = CaseEvent.objects.get(case=case, kind="due_recomputed")
    assert event.summary == "Due 8 July 2026 09:00 (20 working days): stage “Stage 2 review”"


def test_reopening_gives_the_case_the_definitions_reopen_sla(demo, submit_missed_bin, publish_workflow, frozen_now):
    definition = flow(task("check"), end(), sla={"working_days": 10}, reopen_sla={"working_days": 5})
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    _complete(demo, case, "check")
    frozen_now(at(2026, 6, 24, 15))  # Wednesday
    case_reopen(Case.objects.get(pk=case.pk), reason="Still not collected")
    case.refresh_from_db()
    assert case.due_at == at(2026, 7, 1, 15)  # 5 working days from the reopening
    assert CaseTask.objects.get(case=case, is_open=True).due_at == case.due_at


def test_a_case_that_ended_while_its_clock_was_stopped_runs_again_when_reopened(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    definition = flow(task("check"), end(), sla={"working_days": 10})
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    _complete(demo, case, "check")
    Case.objects.filter(pk=case.pk).update(clock_stops=1, clock_stopped_at=at(2026, 6, 2, 10))  # a cancelled wait
    case_reopen(Case.objects.get(pk=case.pk), reason="Still not collected")
    case.refresh_from_db()
    assert case.clock_stops == 0 and case.clock_stopped_at is None
    frozen_now(at(2026, 6, 30, 10))
    assert cases_sla_sweep() >= 1  # late again, not hidden behind a stopped clock


def test_the_resolution_window_is_set_per_workflow_in_working_days(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    definition = flow(task("check"), end(), resolution_window={"working_days": 3})
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 4, 10))  # Thursday
    case = submit_missed_bin(service)
    _complete(demo, case, "check")
    case.refresh_from_db()
    assert case.case_status == "resolved"
    assert cases_close_unconfirmed(now=at(2026, 6, 8, 11)) == 0  # Monday: 2 working days
    assert cases_close_unconfirmed(now=at(2026, 6, 9, 10, 1)) == 1  # Tuesday: 3 working days
    case.refresh_from_db()
    assert case.case_status == "closed"
    closed = CaseEvent.objects.filter(case=case, kind="closed").last()
    assert closed.summary == "Closed: no reply within 3 working days of resolution"


def test_without_a_workflow_window_the_councils_calendar_days_apply(demo, submit_missed_bin, frozen_now):
    frozen_now(at(2026, 6, 4, 10))
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    _complete(demo, case, "check", "collected")
    assert cases_close_unconfirmed(now=at(2026, 6, 18, 9)) == 0
    assert cases_close_unconfirmed(now=at(2026, 6, 18, 10, 1)) == 1  # 14 calendar days


def test_two_clock_stopping_waits_in_parallel_stop_and_restart_the_clock_once(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    definition = flow(
        step("both", "split", branches=["photos", "diary"]),
        step("photos", "wait_for_customer", next="meet"),
        step("diary", "wait_for_customer", next="meet"),
        step("meet", "join", next="check"),
        task("check"),
        end(),
        start="both",
        sla={"working_days": 10},
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    case.refresh_from_db()
    assert case.clock_stops == 2 and case.clock_stopped_at == at(2026, 6, 1, 10)
    frozen_now(at(2026, 6, 2, 10))
    assert customer_wait_resume(case) is True
    case.refresh_from_db()
    assert case.clock_stops == 0 and case.due_at == at(2026, 6, 16, 10)  # one working day later
    kinds = list(
        CaseEvent.objects.filter(case=case, kind__in=["clock_stopped", "clock_restarted"]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["clock_stopped", "clock_restarted"]
