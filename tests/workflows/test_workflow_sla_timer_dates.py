"""Timers until a date from the case (an answer or a task field), with an offset, checked at save time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from viewflow.workflow.models import Task

from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete
from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, step, task
from workflows.check import workflow_definition_check
from workflows.dry_run import workflow_dry_run
from workflows.timers import timers_fire_due

LONDON = ZoneInfo("Europe/London")
FORM = {
    "type": "object",
    "properties": {
        "collection_date": {"type": "string", "format": "date"},
        "postcode": {"type": "string"},
    },
}
VISIT_FORM = {"schema": {"type": "object", "properties": {"visit_on": {"type": "string", "format": "date"}}}}


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def until_flow(until: dict, *, first: dict | None = None) -> dict:
    return flow(
        first or task("check", "wait"),
        step("wait", "timer", title="Until the date", until=until, next="followup"),
        task("followup"),
        end("done"),
    )


def problems(definition: dict, form_schema: dict | None = FORM) -> list[str]:
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(definition, form_schema=form_schema, teams={"waste"})
    return [str(p) for p in refused.value.problems]


def test_a_timer_until_a_field_that_is_not_a_date_is_refused_at_save_time():
    assert problems(until_flow({"field": "data.postcode"})) == [
        '/steps/1/until/field: "postcode" is a string field, not a date (a string with "format": "date")'
    ]
    assert problems(until_flow({"field": "data.collected_on"})) == [
        '/steps/1/until/field: unknown field "collected_on" (the form has: collection_date, postcode)'
    ]
    assert problems(until_flow({"field": "case.submitted"})) == [
        '/steps/1/until/field: "case.submitted" is not a date from the case: use data.<answer> or task.<task step>.<field>'
    ]
    assert problems(until_flow({"field": "task.check.visit_on"})) == [
        '/steps/1/until/field: unknown field "visit_on" (task "check" has: no form fields)'
    ]


def test_a_timer_needs_exactly_one_of_wait_or_until_and_one_offset():
    both = until_flow({"field": "data.collection_date"})
    both["steps"][1]["wait"] = {"days": 1}
    assert problems(both) == ["/steps/1: give exactly one of wait (a duration) or until (a date from the case)"]
    two_offsets = until_flow({"field": "data.collection_date", "before": {"days": 1}, "after": {"days": 1}})
    assert problems(two_offsets) == ["/steps/1/until: give before or after, not both"]


def test_date_fields_of_the_form_and_of_a_task_form_are_accepted():
    workflow_definition_check(
        until_flow({"field": "data.collection_date", "before": {"working_days": 3}}), form_schema=FORM, teams={"waste"}
    )
    workflow_definition_check(
        until_flow({"field": "task.check.visit_on"}, first=task("check", "wait", form=VISIT_FORM)),
        form_schema=FORM,
        teams={"waste"},
    )


def test_the_dry_run_shows_when_the_timer_fires():
    definition = until_flow({"field": "data.collection_date", "before": {"working_days": 3}})
    path = workflow_dry_run(
        definition,
        answers={"collection_date": "2026-12-29"},  # a Tuesday
        outcomes={"check": "ok", "followup": "ok"},
        start=at(2026, 12, 1, 10),
        region="england-and-wales",
    )
    entry = next(e for e in path if e["step"] == "wait")
    assert entry["note"] == "waits until 3 working days before data.collection_date"
    # 25 December (Friday) and 28 December (Boxing Day's substitute) are bank holidays.
    assert datetime.fromisoformat(entry["due"]) == at(2026, 12, 22, 9)  # 24, 23, 22 December


def test_a_timer_waits_until_three_working_days_before_the_residents_date(
    demo, submit_missed_bin, publish_workflow, frozen_now
):
    definition = until_flow({"field": "data.collection_date", "before": {"working_days": 3}})
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service, collection_date="2026-06-15")  # a Monday
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    timer = Task.objects.get(process_id=case.pk, flow_task__endswith=".wait")
    assert timer.scheduled == at(2026, 6, 10, 9)  # Wednesday, at opening time

    frozen_now(at(2026, 6, 10, 8, 59))
    assert timers_fire_due() == 0
    frozen_now(at(2026, 6, 10, 9, 1))
    assert timers_fire_due() == 1
    assert CaseTask.objects.filter(case=case, step_id="followup", is_open=True).exists()


def test_a_timer_on_a_task_field_date(demo, submit_missed_bin, publish_workflow, frozen_now):
    definition = until_flow({"field": "task.check.visit_on"}, first=task("check", "wait", form=VISIT_FORM))
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok", task_answers={"visit_on": "2026-06-06"})  # a Saturday
    timer = Task.objects.get(process_id=case.pk, flow_task__endswith=".wait")
    assert timer.scheduled == at(2026, 6, 8, 9)  # on the date: the council's next opening


def test_a_missing_date_fires_the_timer_at_once(demo, submit_missed_bin, publish_workflow, frozen_now):
    definition = until_flow({"field": "task.check.visit_on"}, first=task("check", "wait", form=VISIT_FORM))
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    frozen_now(at(2026, 6, 1, 10))
    case = submit_missed_bin(service)
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    assert Task.objects.get(process_id=case.pk, flow_task__endswith=".wait").scheduled == at(2026, 6, 1, 10)
