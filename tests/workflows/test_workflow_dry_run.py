"""Dry runs: the path a case would take, walked without a database."""

from __future__ import annotations

from datetime import datetime

from workflow_builders import end, flow, step, task
from workflows.check import workflow_definition_check
from workflows.dry_run import workflow_dry_run

ENG = "england-and-wales"
MONDAY = datetime(2025, 6, 2, 9, 0)


def trail(path: list[dict]) -> list[str]:
    return [entry["step"] for entry in path]


def test_a_return_visit_goes_through_the_decision_the_split_and_the_timer(missed_bin, missed_bin_form):
    workflow_definition_check(missed_bin, form_schema=missed_bin_form, teams={"waste"})
    path = workflow_dry_run(
        missed_bin,
        answers={"bin_type": "general", "bags": 4, "assisted_collection": False},
        outcomes={"await_crew": "timeout", "check": "recollect", "book_return": "booked", "confirm": "done"},
        start=datetime(2025, 12, 23, 10, 0),
        region=ENG,
    )
    assert trail(path) == [
        "triage",
        "raise_priority",
        "send_to_crew",
        "await_crew",
        "check",
        "ask_both",
        "book_return",
        "tell_crew",
        "both_done",
        "cool_off",
        "confirm",
        "tell_resident",
        "resolved",
    ]
    by_step = {entry["step"]: entry for entry in path}
    assert by_step["triage"]["note"].startswith("branch 2 matches")
    assert by_step["raise_priority"]["note"] == "data.priority = 'high'"
    # 48 hours with no reply from the crew, then 2 working days over Christmas for the check.
    assert by_step["await_crew"]["due"] == "2025-12-25T10:00:00"
    assert by_step["check"]["at"] == "2025-12-25T10:00:00"
    assert by_step["check"]["due"] == "2025-12-30T10:00:00"
    assert by_step["check"]["title"] == "Check the missed collection"
    assert by_step["both_done"]["note"] == "all branches done"
    assert by_step["cool_off"]["due"] == "2025-12-29T10:00:00"
    assert by_step["confirm"]["at"] == "2025-12-29T10:00:00"
    assert by_step["resolved"]["due"] == "2026-01-02T10:00:00"  # the case SLA: 5 working days
    assert by_step["resolved"]["note"] == "the case ends: resolved; within the case SLA"


def test_the_otherwise_branch_and_an_officer_who_has_not_decided(missed_bin):
    path = workflow_dry_run(
        missed_bin,
        answers={"bin_type": "garden", "bags": 0, "assisted_collection": False},
        outcomes={"await_crew": "replied"},
        start=MONDAY,
        region=ENG,
    )
    assert trail(path) == ["triage", "send_to_crew", "await_crew", "check"]
    assert path[0]["note"] == "no branch matches: otherwise"
    assert path[-1]["note"] == "waits for the officer's outcome"
    assert path[-1]["due"] == "2025-06-04T09:00:00"


def test_a_wait_for_the_resident_that_times_out(missed_bin):
    path = workflow_dry_run(
        missed_bin,
        answers={"bin_type": "food"},
        outcomes={"await_crew": "replied", "check": "need_info", "ask_resident": "timeout"},
        start=MONDAY,
        region=ENG,
    )
    assert trail(path)[-2:] == ["ask_resident", "closed_no_reply"]
    assert path[-2]["note"] == (
        "waits for a reply from the resident; reminder after 5 working days; no reply in 10 working days"
    )
    assert path[-1]["at"] == "2025-06-16T09:00:00"


def test_a_wait_without_an_answer_stops_the_walk(missed_bin):
    path = workflow_dry_run(missed_bin, answers={}, outcomes={}, start=MONDAY, region=ENG)
    assert trail(path) == ["triage", "send_to_crew", "await_crew"]
    assert path[-1]["note"] == 'waits for a reply from "waste_system"'


def test_an_outcome_the_task_does_not_have_stops_the_walk(missed_bin):
    path = workflow_dry_run(
        missed_bin, answers={}, outcomes={"await_crew": "replied", "check": "lost"}, start=MONDAY, region=ENG
    )
    assert (
        path[-1]["note"]
        == '"lost" is not an outcome of this task (outcomes: collected, recollect, not_our_round, need_info)'
    )


def test_a_first_mode_join_continues_when_the_first_branch_arrives():
    definition = flow(
        step("fork", "split", branches=["slow", "fast"]),
        step("slow", "timer", wait={"working_days": 5}, next="meet"),
        step("fast", "timer", wait={"hours": 2}, next="meet"),
        step("meet", "join", mode="first", next="done"),
        end(),
        start="fork",
    )
    workflow_definition_check(definition)
    path = workflow_dry_run(definition, answers={}, outcomes={}, start=MONDAY, region=ENG)
    assert trail(path) == ["fork", "slow", "fast", "meet", "done"]
    assert path[3]["at"] == "2025-06-02T11:00:00"
    assert path[3]["note"] == "the first branch is done; the others are cancelled"


def test_an_all_mode_join_waits_for_a_blocked_branch():
    definition = flow(
        step("fork", "split", branches=["inspect", "note"]),
        task("inspect", "meet"),
        step("note", "set_status", status="in_progress", next="meet"),
        step("meet", "join", next="done"),
        end(),
        start="fork",
    )
    path = workflow_dry_run(definition, answers={}, outcomes={}, start=MONDAY, region=ENG)
    assert trail(path) == ["fork", "inspect", "note", "meet"]
    assert path[-1]["note"] == "waits for all branches; 1 still waiting"


def test_a_loop_the_answers_never_leave_is_stopped():
    definition = flow(
        task("check", {"again": "pause", "ok": "done"}, outcomes=("again", "ok")),
        step("pause", "timer", wait={"days": 1}, next="check"),
        end(),
    )
    path = workflow_dry_run(definition, answers={}, outcomes={"check": "again"}, start=MONDAY, region=ENG)
    assert len(path) == 21
    assert path[-1]["note"] == 'stopped: "check" keeps repeating, so these answers loop forever'


def test_a_decision_on_time_sees_the_simulated_clock():
    definition = flow(
        step("cool_off", "timer", wait={"working_days": 3}, next="route"),
        step(
            "route",
            "decision",
            otherwise="early",
            branches=[{"when": {">=": [{"working_days_since": [{"var": "data.reported_on"}]}, 3]}, "next": "done"}],
        ),
        end(),
        end("early", "no_action"),
        start="cool_off",
    )
    path = workflow_dry_run(definition, answers={"reported_on": "2025-06-02"}, outcomes={}, start=MONDAY, region=ENG)
    assert trail(path) == ["cool_off", "route", "done"]


def test_the_walk_does_not_change_the_callers_answers(missed_bin):
    answers = {"bags": 5, "bin_type": "general"}
    workflow_dry_run(missed_bin, answers=answers, outcomes={}, start=MONDAY, region=ENG)
    assert answers == {"bags": 5, "bin_type": "general"}


def test_an_end_after_the_sla_says_so():
    definition = flow(
        step("wait", "timer", wait={"working_days": 3}, next="done"), end(), start="wait", sla={"working_days": 2}
    )
    path = workflow_dry_run(definition, answers={}, outcomes={}, start=MONDAY, region=ENG)
    assert path[-1]["note"] == "the case ends: resolved; after the case SLA"
