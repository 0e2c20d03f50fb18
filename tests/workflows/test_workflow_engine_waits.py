"""wait_for_customer and wait_for_reply, end to end through casework services and the worker's timer sweep."""

from __future__ import annotations

from casework.models import CaseEvent, CaseTask
from casework.services.tasks import task_claim, task_complete
from connectors.models import Delivery
from workflow_builders import end, flow, step, task
from workflows.timers import timers_fire_due
from workflows.waits import customer_wait_resume, reply_wait_resume

NEED_INFO = flow(
    task("check", {"ok": "done", "more": "ask"}, outcomes=("ok", "more")),
    step(
        "ask",
        "wait_for_customer",
        title="Wait for the resident",
        reminder_after={"working_days": 5},
        timeout={"after": {"working_days": 10}, "next": "no_reply"},
        next="recheck",
    ),
    task("recheck"),
    end("done"),
    end("no_reply", "withdrawn"),
)


def _to_wait(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), NEED_INFO)
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="more")
    case.refresh_from_db()
    return case


def test_wait_for_customer_waits_then_resumes_when_the_resident_adds_information(
    demo, submit_missed_bin, publish_workflow
):
    case = _to_wait(demo, submit_missed_bin, publish_workflow)
    assert case.case_status == "waiting_on_customer"
    assert not CaseTask.objects.filter(case=case, is_open=True).exists()

    assert customer_wait_resume(case) is True
    case.refresh_from_db()
    assert case.case_status == "in_progress"
    assert list(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["recheck"]
    assert customer_wait_resume(case) is False  # no longer waiting: a second "add information" moves nothing


def test_wait_for_customer_reminds_once_then_times_out_to_its_timeout_step(
    demo, submit_missed_bin, publish_workflow, timers_due_now
):
    case = _to_wait(demo, submit_missed_bin, publish_workflow)
    assert timers_fire_due() == 0  # nothing is due yet

    timers_due_now(case, name_suffix="__remind")
    assert timers_fire_due() == 1
    assert timers_fire_due() == 0
    reminders = Delivery.objects.filter(case=case, purpose="ask_reminder")
    assert reminders.count() == 1 and reminders.get().payload["to"] == ["ann@example.com"]
    case.refresh_from_db()
    assert case.case_status == "waiting_on_customer"

    timers_due_now(case, name_suffix="__timeout")
    assert timers_fire_due() == 1
    case.refresh_from_db()
    assert case.case_status == "closed" and case.outcome == "withdrawn"
    assert case.finished is not None  # every armed timer was disarmed, so the process could finish
    assert customer_wait_resume(case) is False


SEND_AND_WAIT = flow(
    step("send", "connector", connector="crm", next="ask_system"),
    step(
        "ask_system", "wait_for_reply", connector="crm", timeout={"after": {"hours": 48}, "next": "chase"}, next="done"
    ),
    task("chase"),
    end("done"),
    start="send",
    connectors=[{"slot": "crm", "type": "rest"}],
)


def _crm(council):
    from connectors.models import Connector

    return Connector.objects.create(
        council=council, name="CRM", slug="crm", kind="rest", config={"url": "http://127.0.0.1:9/crm"}
    )


def test_connector_step_sends_and_wait_for_reply_resumes_on_the_reply(demo, submit_missed_bin, publish_workflow):
    _crm(demo.council("riverside"))
    service = publish_workflow(demo.service("riverside", "missed-bin"), SEND_AND_WAIT)
    case = submit_missed_bin(service)
    case.refresh_from_db()
    assert case.case_status == "waiting_on_back_office"
    fire_and_forget, waiting = Delivery.objects.filter(case=case, kind="connector").order_by("pk")
    assert (fire_and_forget.purpose, fire_and_forget.step_task_id) == ("send", None)
    assert waiting.purpose == "ask_system" and waiting.step_task_id is not None

    assert reply_wait_resume(case, task_id=waiting.step_task_id, outcome="replied", data={"crm_id": "C-1"}) is True
    case.refresh_from_db()
    assert case.case_status == "resolved" and case.outcome == "resolved"
    # A late duplicate reply changes nothing.
    assert reply_wait_resume(case, task_id=waiting.step_task_id, outcome="replied", data={}) is False


def test_wait_for_reply_failure_takes_the_timeout_path(demo, submit_missed_bin, publish_workflow):
    _crm(demo.council("riverside"))
    service = publish_workflow(demo.service("riverside", "missed-bin"), SEND_AND_WAIT)
    case = submit_missed_bin(service)
    waiting = Delivery.objects.get(case=case, purpose="ask_system")

    assert reply_wait_resume(case, task_id=waiting.step_task_id, outcome="failed", data={"error": "HTTP 500"}) is True
    case.refresh_from_db()
    assert case.case_status == "in_progress"
    assert list(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["chase"]
    assert CaseEvent.objects.filter(
        case=case, kind="status_changed", detail__reason="The back-office request failed"
    ).exists()


def test_wait_for_reply_times_out_from_the_worker(demo, submit_missed_bin, publish_workflow, timers_due_now):
    _crm(demo.council("riverside"))
    service = publish_workflow(demo.service("riverside", "missed-bin"), SEND_AND_WAIT)
    case = submit_missed_bin(service)
    timers_due_now(case)
    assert timers_fire_due() == 1
    case.refresh_from_db()
    assert list(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["chase"]
    assert CaseEvent.objects.filter(
        case=case, kind="status_changed", detail__reason="No reply within 48 hours"
    ).exists()


def test_wait_for_reply_without_a_configured_connector_fails_over_after_commit(
    demo, submit_missed_bin, publish_workflow, django_capture_on_commit_callbacks
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), SEND_AND_WAIT)
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_missed_bin(service)
    case.refresh_from_db()
    assert Delivery.objects.filter(case=case, kind="connector", status="dead").count() == 2
    assert list(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["chase"]


def test_publishing_refuses_a_connector_slot_of_an_unknown_type(demo, publish_workflow):
    import pytest

    from councilflow.errors import DefinitionInvalid

    definition = {**SEND_AND_WAIT, "connectors": [{"slot": "crm", "type": "soap"}]}
    with pytest.raises(DefinitionInvalid) as raised:
        publish_workflow(demo.service("riverside", "missed-bin"), definition)
    assert '/connectors/0/type: unknown connector type "soap" (types: email, notify, rest)' in str(raised.value)
