"""The demo services that show the workflow language off load through the publish checks and run."""

from __future__ import annotations

from datetime import timedelta

from viewflow.workflow.models import Task

from casework.models import CaseTask
from casework.services.submission import case_submit
from casework.services.tasks import task_claim, task_complete
from workflows.timers import timers_fire_due
from workflows.waits import customer_wait_resume
from workflows.working_days import working_days_between


def _complete(user, case_task, outcome):
    if case_task.task.owner_id != user.pk:  # rules like round_robin assign the task already
        task_claim(user, case_task)
    task_complete(user, case_task, outcome=outcome)


def test_foi_request_is_due_in_20_working_days_and_can_wait_for_clarification(demo):
    service = demo.service("riverside", "foi-request")
    case = case_submit(
        service=service,
        answers={
            "information_wanted": "Bin collection costs 2025",
            "format": "Email",
            "your_name": "Ann",
            "email": "ann@example.com",
        },
    )
    assert working_days_between(case.submitted_at, case.due_at, region="england-and-wales") == 20
    register = CaseTask.objects.get(case=case, step_id="register")
    assert register.task.owner is not None  # round robin picked an officer
    _complete(register.task.owner, register, "unclear")
    case.refresh_from_db()
    assert case.case_status == "waiting_on_customer"
    assert customer_wait_resume(case)
    assert CaseTask.objects.filter(case=case, step_id="register", is_open=True).count() == 1


def test_premises_licence_waits_for_the_consultation_and_both_consultees(demo, timers_due_now):
    service = demo.service("riverside", "premises-licence")
    case = case_submit(
        service=service,
        answers={
            "premises_name": "The Swan",
            "premises_address": "1 River Walk",
            "activities": ["Sale of alcohol"],
            "latest_hour": 22,
            "your_name": "Ann",
            "email": "ann@example.com",
        },
    )
    leader = demo.user("riverside-leader")
    _complete(leader, CaseTask.objects.get(case=case, step_id="validate"), "valid")
    notice = Task.objects.get(process_id=case.pk, flow_task__endswith=".public_notice")
    assert notice.scheduled - notice.created >= timedelta(days=28) - timedelta(seconds=5)
    _complete(demo.user("riverside-highways"), CaseTask.objects.get(case=case, step_id="ask_highways"), "no_objection")
    env = CaseTask.objects.get(case=case, step_id="ask_env_health")
    _complete(env.task.owner, env, "no_objection")  # least_loaded assigned it to one officer
    case.refresh_from_db()
    assert case.outcome == ""  # the 28 days have not passed
    timers_due_now(case, name_suffix=".public_notice")
    assert timers_fire_due() == 1
    case.refresh_from_db()
    assert case.outcome == "resolved" and case.case_status == "resolved"


def test_noise_complaint_closes_when_no_diary_arrives(demo, timers_due_now):
    service = demo.service("hillford", "noise-complaint")
    case = case_submit(
        service=service,
        answers={
            "source": "Barking dog",
            "address": "2 Hill Rd",
            "when_happens": "Nights",
            "your_name": "Bo",
            "email": "bo@example.com",
        },
    )
    _complete(demo.user("hillford-enviro"), CaseTask.objects.get(case=case, step_id="assess"), "need_diary")
    timers_due_now(case, name_suffix="__timeout")
    assert timers_fire_due() == 1
    case.refresh_from_db()
    assert (case.case_status, case.outcome) == ("closed", "withdrawn")
    assert case.events.filter(kind="closed", detail__message__startswith="We closed your complaint").exists()
