"""Multi-instance tasks end to end: one officer task per item, finished when all / any / at least k are done."""

from __future__ import annotations

import pytest

from casework.exceptions import TaskNotAvailable
from casework.models import CaseTask
from casework.services.submission import case_submit
from casework.services.tasks import task_claim, task_complete
from workflow_builders import end, flow, task

LICENCE_ANSWERS = {
    "premises_name": "The Swan",
    "premises_address": "1 River Walk",
    "activities": ["Sale of alcohol", "Regulated entertainment", "Late night refreshment"],
    "latest_hour": 22,
    "your_name": "Ann",
    "email": "ann@example.com",
}


def _definition(**multiple: object) -> dict:
    return flow(
        task("assess", "decide", outcomes=("ok", "concern"), multiple={"for_each": "data.activities", **multiple}),
        task("decide"),
        end("done"),
        start="assess",
    )


def _case(demo, publish_workflow, definition: dict, **answers: object):
    service = publish_workflow(demo.service("riverside", "premises-licence"), definition)
    return case_submit(service=service, answers={**LICENCE_ANSWERS, **answers})


def _instances(case, *, is_open: bool | None = None) -> list[CaseTask]:
    rows = CaseTask.objects.filter(case=case, step_id="assess").order_by("task_id")
    return list(rows if is_open is None else rows.filter(is_open=is_open))


def _complete(user, case_task: CaseTask, outcome: str = "ok") -> None:
    task_claim(user, case_task)
    task_complete(user, case_task, outcome=outcome)


def test_one_task_per_item_each_showing_its_item_and_all_must_finish(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition())
    instances = _instances(case)
    assert [t.instance_label for t in instances] == [
        "1 of 3: Sale of alcohol",
        "2 of 3: Regulated entertainment",
        "3 of 3: Late night refreshment",
    ]
    assert all(t.is_open and t.team.slug == "waste" for t in instances)
    officer = demo.user("riverside-waste")
    _complete(officer, instances[0])
    _complete(officer, instances[2], "concern")
    assert not CaseTask.objects.filter(case=case, step_id="decide").exists()
    _complete(officer, instances[1])
    assert CaseTask.objects.filter(case=case, step_id="decide", is_open=True).count() == 1
    case.refresh_from_db()
    assert case.outcomes["assess"] == "ok"  # the last instance's outcome
    assert [t.outcome for t in _instances(case)] == ["ok", "ok", "concern"]


def test_any_goes_on_with_the_first_and_cancels_the_others_cleanly(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(complete="any"))
    first, second, third = _instances(case)
    officer = demo.user("riverside-waste")
    task_claim(officer, third)
    _complete(officer, second)
    assert CaseTask.objects.filter(case=case, step_id="decide", is_open=True).count() == 1
    assert _instances(case, is_open=True) == []
    assert [t.outcome for t in _instances(case)] == ["", "ok", ""]
    with pytest.raises(TaskNotAvailable):
        task_complete(officer, third, outcome="ok")  # claimed, then cancelled under the officer
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1


def test_at_least_k_waits_for_k_then_cancels_the_rest(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(complete="at_least", at_least=2))
    first, second, third = _instances(case)
    officer = demo.user("riverside-waste")
    _complete(officer, third)
    assert not CaseTask.objects.filter(case=case, step_id="decide").exists()
    assert len(_instances(case, is_open=True)) == 2
    _complete(officer, first)
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1
    assert _instances(case, is_open=True) == []


def test_at_least_more_than_there_are_items_waits_for_all_of_them(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(complete="at_least", at_least=3), activities=["Sale of alcohol"])
    (only,) = _instances(case)
    _complete(demo.user("riverside-waste"), only)
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1


def test_sequential_opens_one_instance_at_a_time(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(order="sequential"))
    officer = demo.user("riverside-waste")
    for number, activity in enumerate(LICENCE_ANSWERS["activities"], 1):
        (current,) = _instances(case, is_open=True)
        assert current.instance_label == f"{number} of 3: {activity}"
        assert not CaseTask.objects.filter(case=case, step_id="decide").exists()
        _complete(officer, current)
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1
    assert len(_instances(case)) == 3


def test_sequential_at_least_stops_opening_once_enough_are_done(demo, publish_workflow):
    case = _case(demo, publish_workflow, _definition(order="sequential", complete="at_least", at_least=2))
    officer = demo.user("riverside-waste")
    _complete(officer, _instances(case, is_open=True)[0])
    _complete(officer, _instances(case, is_open=True)[0])
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1
    assert len(_instances(case)) == 2


def test_an_empty_list_makes_no_tasks_and_goes_straight_on(demo, publish_workflow):
    definition = flow(
        task(
            "survey",
            "assess",
            outcomes=("ok",),
            form={
                "schema": {
                    "type": "object",
                    "properties": {
                        "rooms": {
                            "type": "array",
                            "title": "Rooms",
                            "items": {
                                "type": "object",
                                "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
                            },
                        },
                    },
                }
            },
        ),
        task("assess", "decide", multiple={"for_each": "task.survey.rooms"}),
        task("decide"),
        end("done"),
        start="survey",
    )
    case = _case(demo, publish_workflow, definition)
    officer = demo.user("riverside-waste")
    survey = CaseTask.objects.get(case=case, step_id="survey")
    task_claim(officer, survey)
    task_complete(officer, survey, outcome="ok", task_answers={"rooms": []})
    assert _instances(case) == []
    assert CaseTask.objects.filter(case=case, step_id="decide", is_open=True).count() == 1


def test_items_from_a_task_field_and_copies_counted_from_data(demo, publish_workflow):
    definition = flow(
        task(
            "survey",
            "assess",
            form={
                "schema": {
                    "type": "object",
                    "properties": {
                        "rooms": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
                            },
                        },
                    },
                }
            },
        ),
        task("assess", "visit", multiple={"for_each": "task.survey.rooms"}),
        task("visit", "done", multiple={"count": "data.latest_hour", "complete": "any"}),
        end("done"),
        start="survey",
    )
    case = _case(demo, publish_workflow, definition, latest_hour=2)
    officer = demo.user("riverside-waste")
    survey = CaseTask.objects.get(case=case, step_id="survey")
    task_claim(officer, survey)
    rooms = [{"name": "Kitchen", "size": 12}, {"name": "Cellar", "size": 30}]
    task_complete(officer, survey, outcome="ok", task_answers={"rooms": rooms})
    instances = _instances(case)
    assert [t.instance_label for t in instances] == ["1 of 2: Kitchen, 12", "2 of 2: Cellar, 30"]
    assert instances[1].task.data["instance"]["item"] == {"name": "Cellar", "size": 30}
    for instance in instances:
        _complete(officer, instance)
    visits = list(CaseTask.objects.filter(case=case, step_id="visit").order_by("task_id"))
    assert [t.instance_label for t in visits] == ["1 of 2", "2 of 2"]
    _complete(officer, visits[0])
    case.refresh_from_db()
    assert case.outcome == "resolved"
    assert not CaseTask.objects.filter(case=case, is_open=True).exists()


def _race(demo, cases: list[CaseTask]) -> list[BaseException]:
    """Complete each (already claimed) task from its own thread, released at the same moment."""
    import threading

    from django.db import connection

    start_together = threading.Barrier(len(cases))
    errors: list[BaseException] = []

    def complete(case_task: CaseTask) -> None:
        try:
            start_together.wait()
            task_complete(demo.user("riverside-waste"), case_task, outcome="ok")
        except BaseException as exc:  # reported to the main thread below, not swallowed
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(case_task,)) for case_task in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.postgres
@pytest.mark.slow
def test_two_instances_finishing_at_once_fire_the_completion_once(
    postgres_only, transactional_db, demo, publish_workflow
):
    case = _case(demo, publish_workflow, _definition(), activities=LICENCE_ANSWERS["activities"][:2])
    instances = _instances(case)
    for instance in instances:
        task_claim(demo.user("riverside-waste"), instance)
    assert _race(demo, instances) == []
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1
    assert _instances(case, is_open=True) == []


@pytest.mark.postgres
@pytest.mark.slow
def test_with_any_two_instances_finishing_at_once_go_on_once_and_the_loser_is_told(
    postgres_only, transactional_db, demo, publish_workflow
):
    case = _case(demo, publish_workflow, _definition(complete="any"), activities=LICENCE_ANSWERS["activities"][:2])
    instances = _instances(case)
    for instance in instances:
        task_claim(demo.user("riverside-waste"), instance)
    errors = _race(demo, instances)
    assert [type(e) for e in errors] == [TaskNotAvailable]
    assert CaseTask.objects.filter(case=case, step_id="decide").count() == 1
    assert sorted(t.outcome for t in _instances(case)) == ["", "ok"]


def test_cancelled_instances_take_their_reminders_with_them(demo, publish_workflow):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    definition = _definition(complete="any")
    definition["steps"][0].update(due={"days": 5}, remind_before={"days": 1})
    case = _case(demo, publish_workflow, definition)
    reminders = Task.objects.filter(process_id=case.pk, flow_task_type="TIMER")
    assert reminders.filter(status=STATUS.SCHEDULED).count() == 3  # one per instance
    _complete(demo.user("riverside-waste"), _instances(case)[0])
    assert not reminders.exclude(status__in=[STATUS.DONE, STATUS.CANCELED]).exists()
    instance_tasks = Task.objects.filter(process_id=case.pk, flow_task__endswith=".assess__each")
    assert sorted(instance_tasks.values_list("status", flat=True)) == [STATUS.CANCELED, STATUS.CANCELED, STATUS.DONE]
