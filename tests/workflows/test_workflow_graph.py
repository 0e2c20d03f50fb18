"""The step graph the lint, the dry run, the compiler and the diagram share."""

from __future__ import annotations

from workflow_builders import end, flow, step, task
from workflows.graph import reachable_after, reachable_from, step_successors, steps_by_id, steps_reaching


def test_successors_of_each_kind_of_step_with_labels(missed_bin):
    steps = steps_by_id(missed_bin)
    assert step_successors(steps["check"]) == [
        ("tell_resident", "Collected"),
        ("ask_both", "Needs a return visit"),
        ("refer", "Not our round"),
        ("ask_resident", "Need more information"),
    ]
    assert step_successors(steps["triage"]) == [
        ("raise_priority", "data.assisted_collection == true"),
        ("raise_priority", 'data.bags >= 3 and data.bin_type in ["general", "recycling"]'),
        ("send_to_crew", "otherwise"),
    ]
    assert step_successors(steps["ask_both"]) == [("book_return", ""), ("tell_crew", "")]
    assert step_successors(steps["ask_resident"]) == [("check", "replied"), ("closed_no_reply", "timeout")]
    assert step_successors(steps["cool_off"]) == [("confirm", "after 1 working day")]
    assert step_successors(steps["book_return"]) == [("both_done", "")]
    assert step_successors(steps["resolved"]) == []


def test_reachability_forwards_and_backwards():
    definition = flow(
        task("check", "route"),
        step("route", "decision", branches=[{"when": True, "next": "done"}], otherwise="check"),
        end(),
        task("orphan"),
    )
    assert reachable_from(definition, "check") == {"check", "route", "done"}
    assert reachable_from(definition, "check", without="route") == {"check"}
    assert reachable_after(definition, "check") == {"check", "route", "done"}  # on a loop
    assert reachable_after(definition, "done") == set()
    assert steps_reaching(definition, {"done"}) == {"check", "route", "done", "orphan"}
