"""Lint of the timing features: reminders and escalations that could never mean what they say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workflow_builders import end, flow, task
from workflows.check import workflow_definition_check
from workflows.lint import workflow_definition_lint

LIBRARY = Path(__file__).resolve().parents[2] / "workflows" / "library"


def lint(definition: dict) -> list[str]:
    return [str(p) for p in workflow_definition_lint(definition)]


def test_a_reminder_longer_than_the_due_period_is_refused():
    definition = flow(task("check", due={"working_days": 2}, remind_before={"working_days": 2}), end("done"))
    assert lint(definition) == [
        "/steps/0/remind_before: the reminder would come before the task starts (it is due after 2 working days)"
    ]


def test_an_escalation_before_the_due_date_is_refused():
    definition = flow(task("check", due={"days": 5}, escalate={"after": {"days": 3}, "priority": "high"}), end("done"))
    assert lint(definition) == [
        "/steps/0/escalate/after: the task would be escalated before it is due (due after 5 days)"
    ]


def test_timings_in_different_units_are_not_compared():
    definition = flow(
        task("check", due={"working_days": 2}, remind_before={"hours": 4}, escalate={"after": {"days": 1}}), end("done")
    )
    assert lint(definition) == []


@pytest.mark.parametrize("name", sorted(p.stem for p in LIBRARY.glob("*.json")))
def test_every_library_workflow_passes_validate_and_lint(name):
    workflow_definition_check(json.loads((LIBRARY / f"{name}.json").read_text())["definition"])
