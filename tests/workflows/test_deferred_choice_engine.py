"""A deferred choice (`first_of`) end to end: each option can win through the services the officer, resident,
back office and timer sweep use; the others are withdrawn (tasks closed as cancelled, waits released,
timers disarmed) and nothing is left open in the engine."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from api.services import api_client_register
from api.writes import api_connector_reply
from casework.exceptions import TaskNotAvailable
from casework.models import CaseTask, EventKind
from casework.services.resident import case_information_add
from casework.services.tasks import task_claim, task_complete
from connectors.models import Connector, Delivery
from workflow_builders import end, flow, step, task
from workflows.timers import timers_fire_due

EVIDENCE = flow(
    step("evidence", "first_of", title="Wait for the evidence", options=["sent", "crm_replied", "ten_days", "go_on"]),
    step(
        "sent", "wait_for_customer", title="Resident sends evidence", reminder_after={"working_days": 3}, next="check"
    ),
    step("crm_replied", "wait_for_reply", connector="crm", next="match"),
    step("ten_days", "timer", wait={"working_days": 10}, next="chase"),
    task(
        "go_on",
        {"without": "assess", "wait_more": "chase"},
        outcomes=("without", "wait_more"),
        title="Go on without it",
    ),
    task("check"),
    task("match"),
    task("chase"),
    task("assess"),
    end("done"),
    start="evidence",
    connectors=[{"slot": "crm", "type": "rest"}],
)
OPTIONS = ["sent", "crm_replied", "ten_days", "go_on"]


@pytest.fixture
def evidence_case(demo, publish_workflow, submit_missed_bin):
    Connector.objects.create(
        council=demo.council("riverside"),
        name="Riverside CRM",
        slug="crm",
        kind="rest",
        config={"url": "http://127.0.0.1:9/never", "timeout": 1, "auth": {"type": "none"}},
    )
    case = submit_missed_bin(publish_workflow(demo.service("riverside", "missed-bin"), EVIDENCE))
    assert _open_engine_steps(case) == sorted([*OPTIONS, "sent__remind"])
    return case


def _open_engine_steps(case) -> list[str]:
    active = Task.objects.filter(process_id=case.pk).exclude(status__in=[STATUS.DONE, STATUS.CANCELED])
    return sorted(t.flow_task.name for t in active)


def _assert_won(case, winner: str, *, then: list[str]) -> None:
    """Only `then` is open, the losing options are cancelled in viewflow and in the queue, one event says so."""
    assert _open_engine_steps(case) == then
    for option in OPTIONS:
        (engine_task,) = Task.objects.filter(process_id=case.pk, flow_task__endswith=f".{option}")
        assert engine_task.status == (STATUS.DONE if option == winner else STATUS.CANCELED), option
    go_on = CaseTask.objects.get(case=case, step_id="go_on")
    assert not go_on.is_open
    if winner != "go_on":
        assert go_on.outcome == "cancelled"
    (event,) = case.events.filter(kind=EventKind.TASK_COMPLETED, detail__first__isnull=False)
    assert event.detail["first"] == winner
    assert sorted(event.detail["withdrawn"]) == sorted(o for o in OPTIONS if o != winner)
    case.refresh_from_db()
    assert case.case_status == "in_progress"
    assert case.clock_stops == 0 and case.clock_stopped_at is None  # the resident's wait let go of the clock


def test_the_residents_reply_wins(evidence_case):
    case_information_add(evidence_case, text="Here is my council tax bill")
    _assert_won(evidence_case, "sent", then=["check"])
    event = evidence_case.events.get(kind=EventKind.TASK_COMPLETED, detail__first="sent")
    assert event.summary == (
        "“Wait for the evidence”: the resident replies first; withdrawn: Crm replied, Ten days, Go on without it"
    )
    # A second reply finds nothing waiting: nothing more moves.
    case_information_add(evidence_case, text="And again")
    assert _open_engine_steps(evidence_case) == ["check"]


def test_the_back_offices_reply_through_the_api_wins(demo, evidence_case):
    client, _ = api_client_register(council=demo.council("riverside"), name="CRM", scopes=["cases:write"])
    delivery = Delivery.objects.get(case=evidence_case, purpose="crm_replied")
    answer = api_connector_reply(
        client=client,
        case=evidence_case,
        connector_slug="crm",
        event_id="crm-1",
        data={"evidence": "matched"},
        delivery_key=str(delivery.idempotency_key),
    )
    assert answer["resumed"] is True
    _assert_won(evidence_case, "crm_replied", then=["match"])


def test_the_timer_wins_through_the_sweep(evidence_case, timers_due_now):
    timers_due_now(evidence_case, name_suffix="ten_days")
    timers_fire_due()
    _assert_won(evidence_case, "ten_days", then=["chase"])
    assert not Task.objects.filter(process_id=evidence_case.pk, status=STATUS.SCHEDULED).exists()  # reminder too
    # The resident replying later finds no wait: the case stays where the timer sent it.
    case_information_add(evidence_case, text="Sorry, late")
    assert _open_engine_steps(evidence_case) == ["chase"]


def test_the_officer_wins_and_the_outcome_routes(demo, evidence_case):
    officer = demo.user("riverside-waste")
    go_on = CaseTask.objects.get(case=evidence_case, step_id="go_on")
    task_claim(officer, go_on)
    task_complete(officer, go_on, outcome="without")
    _assert_won(evidence_case, "go_on", then=["assess"])
    go_on.refresh_from_db()
    assert go_on.outcome == "without"


def test_a_withdrawn_task_cannot_be_completed(demo, evidence_case):
    officer = demo.user("riverside-waste")
    go_on = CaseTask.objects.get(case=evidence_case, step_id="go_on")
    task_claim(officer, go_on)
    case_information_add(evidence_case, text="Evidence attached")
    with pytest.raises(TaskNotAvailable):
        task_complete(officer, go_on, outcome="without")
    assert _open_engine_steps(evidence_case) == ["check"]


@pytest.mark.postgres
def test_two_options_at_the_same_moment_take_exactly_one_route(
    postgres_only, transactional_db, demo, publish_workflow, submit_missed_bin
):
    case = submit_missed_bin(publish_workflow(demo.service("riverside", "missed-bin"), _without_connector()))
    officer = demo.user("riverside-waste")
    go_on = CaseTask.objects.get(case=case, step_id="go_on")
    task_claim(officer, go_on)
    start_together = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(action) -> None:
        try:
            start_together.wait()
            action()
        except TaskNotAvailable:
            errors.append(TaskNotAvailable())  # the officer lost the race: told so, nothing moved
        except BaseException as exc:  # reported to the main thread below, not swallowed
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(lambda: case_information_add(case, text="Evidence"),)),
        threading.Thread(target=run, args=(lambda: task_complete(officer, go_on, outcome="without"),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(error, TaskNotAvailable) for error in errors), errors
    open_steps = _open_engine_steps(case)
    assert open_steps in (["check"], ["assess"]), open_steps
    (event,) = case.events.filter(kind=EventKind.TASK_COMPLETED, detail__first__isnull=False)
    assert event.detail["first"] == ("sent" if open_steps == ["check"] else "go_on")
    assert (
        Task.objects.filter(process_id=case.pk, flow_task__contains="evidence__first_", status=STATUS.DONE).count() == 1
    )


def _without_connector() -> dict:
    steps = [s for s in EVIDENCE["steps"] if s["id"] not in ("crm_replied", "match")]
    steps[0] = {**steps[0], "options": ["sent", "ten_days", "go_on"]}
    return {**EVIDENCE, "steps": steps, "connectors": []}
