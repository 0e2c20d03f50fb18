"""The `withdrawal` block through validate and lint, with exact paths; the docs' example passes both."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, step, svg_words, task
from workflows.check import workflow_definition_check
from workflows.validate import workflow_definition_validate

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow-language.md"


def _problems(definition: dict) -> list[str]:
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(definition)
    return [str(p) for p in refused.value.problems]


def test_the_documented_withdrawal_example_is_valid_and_lint_clean():
    section = DOC.read_text().split("### Withdrawal and cancelling", 1)[1]
    example = json.loads(re.search(r"```json\n(.*?)```", section, flags=re.S).group(1))
    assert "withdrawal" in example
    workflow_definition_check(example)  # raises on any problem


def test_an_unknown_status_or_key_is_refused_at_its_path():
    definition = flow(task("check"), end(), withdrawal={"before_status": "booked", "when": "never"})
    messages = [str(p) for p in workflow_definition_validate(definition)]
    assert any(m.startswith("/withdrawal/before_status:") for m in messages), messages
    assert any(m.startswith("/withdrawal") and "when" in m for m in messages), messages


def test_a_status_no_step_reaches_is_refused():
    definition = flow(task("check"), end(), withdrawal={"before_status": "waiting_on_customer"})
    assert _problems(definition) == [
        '/withdrawal/before_status: no step of this workflow sets the status "waiting_on_customer", '
        "so withdrawal would never be refused (reachable: in_progress)"
    ]


def test_open_and_a_pointless_before_status_are_refused():
    assert _problems(flow(task("check"), end(), withdrawal={"before_status": "open"})) == [
        '/withdrawal/before_status: every case starts "open", so residents could never withdraw; use "resident": false'
    ]
    assert _problems(flow(task("check"), end(), withdrawal={"resident": False, "before_status": "in_progress"})) == [
        '/withdrawal/before_status: has no effect: "resident": false already refuses every withdrawal'
    ]


def test_a_status_reached_by_a_wait_or_set_status_is_accepted():
    waits = flow(
        task("check", "ask"),
        step("ask", "wait_for_customer", title="Ask", next="done"),
        end(),
        withdrawal={"before_status": "waiting_on_customer"},
    )
    workflow_definition_check(waits)
    sets = flow(
        task("check", "book"),
        step("book", "set_status", status="waiting_on_back_office", next="done"),
        end(),
        withdrawal={"before_status": "waiting_on_back_office", "resident_message": "Stopped."},
    )
    workflow_definition_check(sets)


def test_cancel_on_items_are_checked_at_their_paths():
    definition = flow(
        {
            **task("check"),
            "cancel_on": [
                {"after": {"working_days": 5}, "event": "resident_reply", "next": "done"},
                {"event": "officer_action", "next": "done"},
                {"event": "resident_reply", "label": "x", "next": "done"},
                {"event": "resident_reply", "next": "done"},
                {"after": {"days": 1}, "next": "nowhere"},
            ],
        },
        end(),
    )
    assert _problems(definition) == [
        '/steps/0/cancel_on/0: give either "after" (a timer) or "event", not both or neither',
        '/steps/0/cancel_on/1: an officer_action needs a "label" for its button',
        "/steps/0/cancel_on/2/label: only an officer_action has a label",
        '/steps/0/cancel_on/3/event: "resident_reply" is given twice',
    ]
    definition["steps"][0]["cancel_on"] = [{"after": {"days": 1}, "next": "nowhere"}]
    assert _problems(definition) == ['/steps/0/cancel_on/0/next: unknown step "nowhere"']


def test_the_documented_cancel_on_example_is_valid_and_drawn_with_its_labels():
    from viewflow.workflow import chart

    from workflows.compile import workflow_compile
    from workflows.diagram import diagram_svg

    section = DOC.read_text().split("#### cancel_on:", 1)[1]
    example = json.loads(re.search(r"```json\n(.*?)```", section, flags=re.S).group(1))
    definition = flow(
        example,
        task("chase_contractor"),
        task("triage_again"),
        task("confirm_cancel"),
        end(),
        start="inspect",
    )
    workflow_definition_check(definition)
    svg = svg_words(
        diagram_svg(chart.calc_layout_data(workflow_compile(definition, class_name="CancelOnDoc")), definition)
    )
    assert "cancelled after 5 working days" in svg  # the timer's arrow
    assert "Cancelled: the resident replied → triage_again" in svg and "Resident phoned to cancel" in svg


def test_the_dry_run_follows_a_cancel_on_item_when_asked():
    from datetime import UTC, datetime

    from workflows.dry_run import workflow_dry_run

    definition = flow(
        {**task("check"), "cancel_on": [{"after": {"working_days": 5}, "next": "chase"}]},
        task("chase"),
        end(),
    )
    path = workflow_dry_run(
        definition,
        answers={},
        outcomes={"check": "cancel_on:0", "chase": "ok"},
        start=datetime(2026, 3, 2, 9, tzinfo=UTC),
        region="england",
    )
    assert [entry["step"] for entry in path] == ["check", "chase", "done"]
    assert path[0]["note"] == "cancelled after 5 working days; goes to chase"
