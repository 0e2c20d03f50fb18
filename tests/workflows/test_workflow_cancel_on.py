"""A task's `cancel_on`: a timer, the resident's reply, a back-office reply or an officer action cancels it
and routes the case elsewhere; the task leaves the queue once, with one timeline entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.exceptions import NotAllowed, TaskNotAvailable
from casework.models import CaseTask, EventKind
from casework.services.resident import case_information_add
from casework.services.task_interrupt import task_officer_action
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, task
from workflows.cancel_on_events import task_cancel_on_event
from workflows.timers import timers_fire_due

CHASED = flow(
    {
        **task("check", "done"),
        "remind_before": {"hours": 1},
        "due": {"working_days": 10},
        "cancel_on": [
            {"after": {"working_days": 5}, "next": "chase"},
            {"after": {"working_days": 8}, "next": "chase"},
            {"event": "resident_reply", "next": "recheck"},
            {"event": "officer_action", "label": "Resident phoned", "next": "call_back"},
        ],
    },
    task("chase"),
    task("recheck"),
    task("call_back"),
    end("done"),
)


def _open_steps(case) -> list[str]:
    return sorted(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True))


def _armed(case) -> int:
    return Task.objects.filter(process_id=case.pk, flow_task_type="TIMER", status=STATUS.SCHEDULED).count()


def test_the_timer_cancels_the_task_and_routes_to_its_next(demo, submit_missed_bin, publish_workflow, timers_due_now):
    service = publish_workflow(demo.service("riverside", "missed-bin"), CHASED)
    case = submit_missed_bin(service)
    first = Task.objects.get(process_id=case.pk, flow_task__endswith="check__cancel0")
    second = Task.objects.get(process_id=case.pk, flow_task__endswith="check__cancel1")
    assert first.scheduled > timezone.now() + timedelta(days=5) and second.scheduled > first.scheduled

    # Both timers are due at once: the first one wins, the second is disarmed and never routes again.
    timers_due_now(case)
    timers_fire_due()
    timers_fire_due()

    assert _open_steps(case) == ["chase"]
    check = CaseTask.objects.select_related("task").get(case=case, step_id="check")
    assert check.outcome == "cancelled" and check.task.status == STATUS.CANCELED
    (event,) = case.events.filter(kind=EventKind.TASK_COMPLETED)
    assert event.summary == "“Check” cancelled after 5 working days" and event.detail["next"] == "chase"
    assert CaseTask.objects.filter(case=case, step_id="chase").count() == 1
    assert not Task.objects.filter(process_id=case.pk, flow_task__contains="check__", status=STATUS.SCHEDULED).exists()
    with pytest.raises(TaskNotAvailable):
        task_claim(demo.user("riverside-waste"), check)


def test_completing_the_task_first_disarms_its_cancel_timers(demo, submit_missed_bin, publish_workflow, timers_due_now):
    service = publish_workflow(demo.service("riverside", "missed-bin"), CHASED)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    assert timers_due_now(case) == 0  # nothing left armed
    case.refresh_from_db()
    assert case.case_status == "resolved" and case.events.filter(kind=EventKind.TASK_COMPLETED).count() == 1


def test_the_residents_reply_cancels_the_task_and_routes_to_recheck(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), CHASED)
    case = submit_missed_bin(service)
    task_claim(demo.user("riverside-waste"), CaseTask.objects.get(case=case, step_id="check"))

    case_information_add(case, text="It was collected after all")

    assert _open_steps(case) == ["recheck"]
    event = case.events.filter(kind=EventKind.TASK_COMPLETED).get()
    assert event.summary == "“Check” cancelled: the resident replied" and event.detail["cancel_on"] == "resident_reply"
    assert _armed(case) == 0  # the check task's timers went with it (recheck has none)
    # A second reply finds no task listening for it: nothing more moves.
    case_information_add(case, text="Just to say again")
    assert _open_steps(case) == ["recheck"]


def test_an_officer_action_cancels_only_its_own_task(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), CHASED)
    case = submit_missed_bin(service)
    check = CaseTask.objects.get(case=case, step_id="check")
    with pytest.raises(NotAllowed):
        task_officer_action(demo.user("hillford-waste"), check, index=3)
    with pytest.raises(NotAllowed):
        task_officer_action(demo.user("riverside-waste"), check, index=2)  # that item is the resident's reply
    assert _open_steps(case) == ["check"]

    task_officer_action(demo.user("riverside-waste"), check, index=3)

    assert _open_steps(case) == ["call_back"]
    event = case.events.filter(kind=EventKind.TASK_COMPLETED).get()
    assert event.actor == demo.user("riverside-waste") and event.summary == "“Check” cancelled: Resident phoned"
    with pytest.raises(TaskNotAvailable):
        task_officer_action(demo.user("riverside-waste"), check, index=3)


def test_a_connector_reply_cancels_a_task_listening_for_it(demo, submit_missed_bin, publish_workflow):
    definition = flow(
        {**task("check", "done"), "cancel_on": [{"event": "connector_reply", "next": "review"}]},
        task("review"),
        end("done"),
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    assert task_cancel_on_event(case, event="resident_reply") == []  # not what it listens for
    assert task_cancel_on_event(case, event="connector_reply") == ["check"]
    assert _open_steps(case) == ["review"]
    with pytest.raises(ValueError, match="unknown cancel_on event"):
        task_cancel_on_event(case, event="phone_call")


def _two_back_offices(*items: dict) -> dict:
    definition = flow(
        {**task("check", "done"), "cancel_on": list(items)},
        task("review"),
        task("chase"),
        end("done"),
    )
    definition["connectors"] = [{"slot": "crm", "type": "rest"}, {"slot": "planning", "type": "rest"}]
    return definition


def _connectors(demo, *slugs: str) -> None:
    from connectors.models import Connector

    for slug in slugs:
        Connector.objects.create(council=demo.council("riverside"), name=slug.upper(), slug=slug, kind="rest")


def test_a_connector_reply_can_listen_to_one_connector_only(demo, submit_missed_bin, publish_workflow):
    from django.db import transaction

    from connectors.services import case_reply_apply

    _connectors(demo, "crm", "planning")
    definition = _two_back_offices(
        {"event": "connector_reply", "connector": "planning", "next": "review"},
        {"event": "connector_reply", "connector": "crm", "next": "chase"},
    )
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    assert task_cancel_on_event(case, event="connector_reply", connector="elsewhere") == []
    with transaction.atomic():
        assert case_reply_apply(case, delivery=None, data={"status": "seen"}, source="CRM", slot="crm") is True
    assert _open_steps(case) == ["chase"]
    event = case.events.filter(kind=EventKind.TASK_COMPLETED).get()
    assert event.summary == "“Check” cancelled: the back office replied (crm)"


def _cancel_on_problems(error) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in error.problems if p.path.startswith("/steps/0/cancel_on")]


def test_a_named_connector_is_checked_at_save_time_with_its_path(demo, publish_workflow):
    from councilflow.errors import DefinitionInvalid

    _connectors(demo, "crm")
    service = demo.service("riverside", "missed-bin")
    undeclared = _two_back_offices({"event": "connector_reply", "connector": "housing", "next": "review"})
    with pytest.raises(DefinitionInvalid) as raised:
        publish_workflow(service, undeclared)
    assert _cancel_on_problems(raised.value) == [
        ("/steps/0/cancel_on/0/connector", 'no connector slot "housing" is declared (slots: crm, planning)')
    ]
    no_connector = _two_back_offices({"event": "connector_reply", "connector": "planning", "next": "review"})
    with pytest.raises(DefinitionInvalid) as raised:
        publish_workflow(service, no_connector)
    assert _cancel_on_problems(raised.value) == [
        ("/steps/0/cancel_on/0/connector", 'this council has no active connector "planning" (connectors: crm)')
    ]
    wrong_event = _two_back_offices(
        {"event": "resident_reply", "connector": "crm", "next": "review"},
        {"event": "connector_reply", "connector": "crm", "next": "review"},
        {"event": "connector_reply", "connector": "crm", "next": "chase"},
    )
    with pytest.raises(DefinitionInvalid) as raised:
        publish_workflow(service, wrong_event)
    assert _cancel_on_problems(raised.value) == [
        ("/steps/0/cancel_on/0/connector", "only a connector_reply names a connector"),
        ("/steps/0/cancel_on/2/event", '"connector_reply" from "crm" is given twice'),
    ]
