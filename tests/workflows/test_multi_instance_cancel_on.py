"""A multi-instance task with `cancel_on`: a timer or an event interrupts the whole set once (open instances
cancelled, each with its own timeline entry; done ones keep their outcomes) and the case takes the item's `next`."""

from __future__ import annotations

import pytest
from django.test import Client
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.exceptions import TaskNotAvailable
from casework.models import CaseTask, EventKind
from casework.services.resident import case_information_add
from casework.services.submission import case_submit
from casework.services.task_interrupt import task_officer_action
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, task
from workflows.cancel_on_events import task_cancel_on_event
from workflows.timers import timers_fire_due

LICENCE_ANSWERS = {
    "premises_name": "The Swan",
    "premises_address": "1 River Walk",
    "activities": ["Sale of alcohol", "Regulated entertainment", "Late night refreshment"],
    "latest_hour": 22,
    "your_name": "Ann",
    "email": "ann@example.com",
}
CANCEL_ON = [
    {"after": {"working_days": 5}, "next": "chase"},
    {"event": "resident_reply", "next": "recheck"},
    {"event": "officer_action", "label": "Applicant withdrew an activity", "next": "recheck"},
]


def _definition(**multiple: object) -> dict:
    return flow(
        task(
            "assess",
            "decide",
            outcomes=("ok", "concern"),
            multiple={"for_each": "data.activities", **multiple},
            cancel_on=CANCEL_ON,
        ),
        task("decide"),
        task("chase"),
        task("recheck"),
        end("done"),
        start="assess",
    )


def _case(demo, publish_workflow, definition: dict, **answers: object):
    service = publish_workflow(demo.service("riverside", "premises-licence"), definition)
    return case_submit(service=service, answers={**LICENCE_ANSWERS, **answers})


def _instances(case, *, is_open: bool | None = None) -> list[CaseTask]:
    rows = CaseTask.objects.filter(case=case, step_id="assess").order_by("task_id")
    return list(rows if is_open is None else rows.filter(is_open=is_open))


def _opened(case, step_id: str) -> int:
    return CaseTask.objects.filter(case=case, step_id=step_id).count()


def _complete(user, case_task: CaseTask, outcome: str = "ok") -> None:
    task_claim(user, case_task)
    task_complete(user, case_task, outcome=outcome)


def _cancel_entries(case) -> list[str]:
    return list(
        case.events.filter(kind=EventKind.TASK_COMPLETED, summary__contains="cancelled")
        .order_by("pk")
        .values_list("summary", flat=True)
    )


def test_the_timer_cancels_the_open_instances_once_and_routes_the_set_on(demo, publish_workflow, timers_due_now):
    case = _case(demo, publish_workflow, _definition())
    first, second, third = _instances(case)
    assert Task.objects.filter(process_id=case.pk, flow_task__endswith="assess__each__cancel0").count() == 3
    _complete(demo.user("riverside-waste"), first, "concern")

    assert timers_due_now(case) == 2  # the done instance's timer went with it; every other instance's is due
    timers_fire_due()
    timers_fire_due()

    assert _opened(case, "chase") == 1 and _opened(case, "decide") == 0
    assert [t.outcome for t in _instances(case)] == ["concern", "cancelled", "cancelled"]
    assert _instances(case, is_open=True) == []
    assert _cancel_entries(case) == [
        "Task “Assess” (2 of 3: Regulated entertainment) cancelled: not done within 5 working days",
        "Task “Assess” (3 of 3: Late night refreshment) cancelled: not done within 5 working days",
    ]
    engine = Task.objects.filter(process_id=case.pk)
    assert not engine.filter(flow_task__contains="assess__").exclude(status__in=[STATUS.DONE, STATUS.CANCELED])
    # The chase task carries the case's own token on (not one instance's), so the case still ends cleanly.
    chase = CaseTask.objects.get(case=case, step_id="chase")
    assert "/" not in chase.task.token.token
    _complete(demo.user("riverside-waste"), chase)
    case.refresh_from_db()
    assert case.outcome == "resolved"
    with pytest.raises(TaskNotAvailable):
        _complete(demo.user("riverside-waste"), second)


def test_the_residents_reply_cancels_the_whole_set_and_the_officer_page_says_so(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(complete="at_least", at_least=2))
    officer = demo.user("riverside-waste")
    first, second, third = _instances(case)
    _complete(officer, second)
    task_claim(officer, third)

    case_information_add(case, text="We no longer want late night refreshment")

    assert _opened(case, "recheck") == 1 and _opened(case, "decide") == 0 and _opened(case, "chase") == 0
    assert [t.outcome for t in _instances(case)] == ["cancelled", "ok", "cancelled"]
    entries = _cancel_entries(case)
    assert entries == [
        "Task “Assess” (1 of 3: Sale of alcohol) cancelled: the resident replied",
        "Task “Assess” (3 of 3: Late night refreshment) cancelled: the resident replied",
    ]
    assert not Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status=STATUS.SCHEDULED).exists()
    # Nothing listens any more: a second reply moves nothing.
    assert task_cancel_on_event(case, event="resident_reply") == []
    assert _opened(case, "recheck") == 1
    page = Client()
    page.force_login(officer)
    html = page.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Task “Assess” (3 of 3: Late night refreshment) cancelled: the resident replied" in html


def test_an_officer_action_on_one_instance_ends_its_set(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(complete="any"))
    first, second, third = _instances(case)
    officer = demo.user("riverside-waste")

    assert task_officer_action(officer, second, index=2) == ["assess"]

    assert _opened(case, "recheck") == 1 and _opened(case, "decide") == 0
    assert _instances(case, is_open=True) == []
    events = case.events.filter(kind=EventKind.TASK_COMPLETED).order_by("pk")
    assert [e.summary for e in events] == [
        f"Task “Assess” ({n} of 3: {a}) cancelled: Applicant withdrew an activity"
        for n, a in enumerate(LICENCE_ANSWERS["activities"], 1)
    ]
    assert all(e.actor == officer for e in events)


def test_once_enough_are_done_the_set_no_longer_listens_and_the_rest_say_why(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(complete="any"))
    first, second, third = _instances(case)
    _complete(demo.user("riverside-waste"), third)

    assert _opened(case, "decide") == 1
    assert [t.outcome for t in _instances(case)] == ["", "", "ok"]
    assert _cancel_entries(case) == [
        "Task “Assess” (1 of 3: Sale of alcohol) cancelled: another instance was done (any one is enough)",
        "Task “Assess” (2 of 3: Regulated entertainment) cancelled: another instance was done (any one is enough)",
    ]
    case_information_add(case, text="Too late")
    assert _opened(case, "recheck") == 0


def test_at_least_k_says_how_many_were_enough(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(complete="at_least", at_least=2))
    first, second, third = _instances(case)
    officer = demo.user("riverside-waste")
    _complete(officer, first)
    _complete(officer, third)
    assert _cancel_entries(case) == [
        "Task “Assess” (2 of 3: Regulated entertainment) cancelled: 2 instances were done (at least 2 of 3 are enough)"
    ]


def test_a_sequential_set_is_interrupted_at_its_current_instance(demo, publish_workflow, timers_due_now):
    case = _case(demo, publish_workflow, _definition(order="sequential"))
    officer = demo.user("riverside-waste")
    _complete(officer, _instances(case, is_open=True)[0])
    (current,) = _instances(case, is_open=True)
    timers_due_now(case)
    timers_fire_due()
    assert _opened(case, "chase") == 1 and _opened(case, "decide") == 0
    assert len(_instances(case)) == 2  # the third instance is never opened
    assert _cancel_entries(case) == [
        "Task “Assess” (2 of 3: Regulated entertainment) cancelled: not done within 5 working days"
    ]


def _race(case, instance: CaseTask, officer) -> tuple[list[BaseException], list[int]]:
    """Complete `instance` in one thread while the due cancel timers fire in another, released together."""
    import threading

    from django.db import connection

    start_together = threading.Barrier(2)
    errors: list[BaseException] = []
    fired: list[int] = []

    def complete() -> None:
        try:
            start_together.wait()
            task_complete(officer, instance, outcome="ok")
        except BaseException as exc:  # reported to the main thread below, not swallowed
            errors.append(exc)
        finally:
            connection.close()

    def fire() -> None:
        try:
            start_together.wait()
            fired.append(timers_fire_due())
            fired.append(timers_fire_due())  # a timer skipped while the case was locked gets its turn
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete), threading.Thread(target=fire)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors, fired


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(3))
def test_an_instance_completing_while_the_cancel_timer_fires_has_one_outcome(
    attempt, postgres_only, transactional_db, demo, publish_workflow, timers_due_now
):
    case = _case(demo, publish_workflow, _definition(complete="any"), activities=LICENCE_ANSWERS["activities"][:2])
    officer = demo.user("riverside-waste")
    first, second = _instances(case)
    task_claim(officer, first)
    timers_due_now(case)

    errors, _ = _race(case, first, officer)

    decided, chased = _opened(case, "decide"), _opened(case, "chase")
    assert (decided, chased) in ((1, 0), (0, 1))
    outcomes = sorted(t.outcome for t in _instances(case))
    if decided:  # the officer won: the other instance was left over, no timer routed anywhere
        assert errors == [] and outcomes == ["", "ok"]
    else:  # the timer won: the officer is told, both instances were cancelled by it
        assert [type(e) for e in errors] == [TaskNotAvailable] and outcomes == ["cancelled", "cancelled"]
    assert _instances(case, is_open=True) == []
    assert not Task.objects.filter(process_id=case.pk, status__in=[STATUS.SCHEDULED, STATUS.STARTED]).exists()
    assert len(_cancel_entries(case)) == (1 if decided else 2)
