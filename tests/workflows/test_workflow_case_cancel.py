"""Case-level withdrawal (resident) and cancel (officer): every open branch, wait and timer ends, one end event."""

from __future__ import annotations

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.exceptions import CaseworkError, NotAllowed, SubmissionInvalid, TaskNotAvailable
from casework.models import CaseStatus, CaseTask, EventKind
from casework.services.cancellation import WithdrawalRefused, case_cancel, case_withdraw, case_withdrawal_refusal
from casework.services.resident import case_information_add
from casework.services.resolution import case_reopen
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, step, task

# Two branches, one of them waiting on the resident with a timeout timer armed, plus a join.
PARALLEL_WITH_WAIT = flow(
    step("fork", "split", branches=["assess", "ask"]),
    {**task("assess", "meet"), "escalate": {"after": {"working_days": 2}, "to_team": "waste"}},
    step(
        "ask",
        "wait_for_customer",
        title="Photos",
        timeout={"after": {"working_days": 10}, "next": "meet"},
        next="meet",
    ),
    step("meet", "join", next="decide"),
    task("decide"),
    end("done"),
    start="fork",
)
BOOKED = flow(
    task("check", "book"),
    step("book", "set_status", status="waiting_on_back_office", next="visit"),
    task("visit", "visited"),
    step("visited", "set_status", status="in_progress", next="report"),
    task("report"),
    end("done"),
    withdrawal={"before_status": "waiting_on_back_office", "resident_message": "We have stopped your request."},
)


def _open_engine_tasks(case):
    return Task.objects.filter(process_id=case.pk).exclude(status__in=[STATUS.DONE, STATUS.CANCELED])


def _end_events(case):
    return case.events.filter(kind__in=[EventKind.RESOLVED, EventKind.CLOSED])


def test_the_resident_withdraws_a_case_with_two_branches_and_every_one_ends(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), PARALLEL_WITH_WAIT)
    case = submit_missed_bin(service)
    assert _open_engine_tasks(case).filter(flow_task_type="TIMER").exists()  # the timeout and the escalation

    case_withdraw(case, reason="A neighbour put it out")

    case.refresh_from_db()
    assert (case.case_status, case.outcome, case.status) == (CaseStatus.CLOSED, "withdrawn", PROCESS.CANCELED)
    assert case.finished is not None and case.closed_at is not None
    assert not _open_engine_tasks(case).exists()  # task, wait, join and both timers
    assert not CaseTask.objects.filter(case=case, is_open=True).exists()
    assert CaseTask.objects.get(case=case, step_id="assess").outcome == "withdrawn"
    (ended,) = _end_events(case)
    assert ended.kind == EventKind.CLOSED and ended.resident_visible
    assert ended.detail["outcome"] == "withdrawn" and ended.detail["by"] == "resident"
    assert ended.detail["reason"] == "A neighbour put it out" and ended.summary.startswith("Withdrawn by the resident")


def test_a_withdrawn_case_cannot_be_worked_reopened_or_withdrawn_again(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), PARALLEL_WITH_WAIT)
    case = submit_missed_bin(service)
    assess = CaseTask.objects.get(case=case, step_id="assess")
    case_withdraw(case)

    with pytest.raises(TaskNotAvailable):
        task_claim(demo.user("riverside-waste"), assess)
    with pytest.raises(CaseworkError, match="cannot be reopened"):
        case_reopen(case, reason="changed my mind")
    with pytest.raises(WithdrawalRefused) as refused:
        case_withdraw(case)
    assert refused.value.why == "finished"
    # What the resident adds afterwards is kept, but does not restart the work.
    case_information_add(case, text="Actually it is still there")
    case.refresh_from_db()
    assert case.case_status == CaseStatus.CLOSED and not _open_engine_tasks(case).exists()
    assert _end_events(case).count() == 1


def test_an_officer_cancels_with_a_reason_and_the_resident_is_not_shown_it(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), PARALLEL_WITH_WAIT)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    with pytest.raises(SubmissionInvalid) as invalid:
        case_cancel(officer, case, version=case.version, reason="  ")
    assert invalid.value.errors == {"cancel_reason": "Say why the case is being cancelled"}
    assert case.events.filter(kind=EventKind.CLOSED).count() == 0  # nothing saved

    case_cancel(officer, case, version=case.version, reason="Reported twice by phone")

    case.refresh_from_db()
    assert (case.case_status, case.outcome, case.status) == (CaseStatus.CLOSED, "cancelled", PROCESS.CANCELED)
    assert not _open_engine_tasks(case).exists()
    (ended,) = _end_events(case)
    assert ended.actor == officer and ended.detail["by"] == "officer" and ended.detail["message"] == ""
    assert ended.summary == "Cancelled: Reported twice by phone"
    with pytest.raises(CaseworkError, match="already ended"):
        case_cancel(officer, case, version=case.version, reason="again")


def test_an_officer_of_another_council_cannot_cancel(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    other = demo.user("hillford-waste")
    with pytest.raises(NotAllowed):
        case_cancel(other, case, version=case.version, reason="not ours")
    case.refresh_from_db()
    assert case.case_status != CaseStatus.CLOSED and _open_engine_tasks(case).exists()


def test_a_stale_cancel_form_changes_nothing(demo, submit_missed_bin):
    from casework.exceptions import CaseConflict

    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    with pytest.raises(CaseConflict):
        case_cancel(demo.user("riverside-waste"), case, version=case.version - 1, reason="old form")
    assert _open_engine_tasks(case).exists()


def test_withdrawal_is_refused_once_the_case_reached_the_workflows_before_status(
    demo, submit_missed_bin, publish_workflow
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), BOOKED)
    case = submit_missed_bin(service)
    assert case_withdrawal_refusal(case) == ""
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")  # set_status: waiting_on_back_office, then the visit task

    case.refresh_from_db()
    assert case_withdrawal_refusal(case) == "too_late"
    with pytest.raises(WithdrawalRefused):
        case_withdraw(case)
    assert CaseTask.objects.get(case=case, step_id="visit").is_open  # nothing was cancelled
    # Still too late once the status has moved on from it.
    visit = CaseTask.objects.get(case=case, step_id="visit")
    task_claim(officer, visit)
    task_complete(officer, visit, outcome="ok")
    case.refresh_from_db()
    assert case.case_status == CaseStatus.IN_PROGRESS and case_withdrawal_refusal(case) == "too_late"


def test_the_workflows_resident_message_is_shown_in_welsh_to_a_welsh_applicant(
    demo, submit_missed_bin, publish_workflow
):
    definition = {
        **BOOKED,
        "withdrawal": {
            "resident_message": "We have stopped your request.",
            "translations": {"cy": {"resident_message": "Rydym wedi atal eich cais."}},
        },
    }
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = case_withdraw(submit_missed_bin(service, language="cy"))
    assert case.events.get(kind=EventKind.CLOSED).detail["message"] == "Rydym wedi atal eich cais."


def test_a_workflow_can_refuse_online_withdrawal(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), {**BOOKED, "withdrawal": {"resident": False}})
    case = submit_missed_bin(service)
    assert case_withdrawal_refusal(case) == "not_allowed"
    officer = demo.user("riverside-waste")
    case_cancel(officer, case, version=case.version, reason="The resident phoned to stop it")  # officers still can
    case.refresh_from_db()
    assert case.outcome == "cancelled"


def test_reporting_sees_the_withdrawn_outcome(demo, submit_missed_bin, publish_workflow):
    from datetime import timedelta

    from django.utils import timezone

    from reporting.filters import ReportFilter
    from reporting.scope import report_scope_for
    from reporting.selectors.outcomes import outcomes_by_stage

    service = publish_workflow(demo.service("riverside", "missed-bin"), PARALLEL_WITH_WAIT)
    case_withdraw(submit_missed_bin(service))

    today = timezone.localdate()
    scope = report_scope_for(demo.user("riverside-manager"))
    flt = ReportFilter(start=today - timedelta(days=1), end=today + timedelta(days=2))
    stages = {stage.step_id: stage for stage in outcomes_by_stage(scope=scope, flt=flt)}
    assert [(o.outcome, o.count) for o in stages["assess"].outcomes] == [("withdrawn", 1)]
