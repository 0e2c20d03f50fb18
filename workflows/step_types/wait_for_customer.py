"""wait_for_customer: wait for the resident (a reminder, a timeout; the SLA clock stops by default)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workflows import runtime
from workflows.compile_nodes import node_next, node_title, timers_attach
from workflows.dry_run_walk import WAIT_CHOICES, Stop, Walk, walk_entry
from workflows.engine_adapter import Wait
from workflows.language_vocabulary import NEXT
from workflows.working_days import duration_add, duration_describe

from .base import StepType
from .registry import step_types


class WaitStep(StepType):
    """A Wait node resumed by workflows.waits, with timer boundaries; shared by both wait step types."""

    def compile(self, step: dict) -> dict[str, Any]:
        node = Wait(on_enter=runtime.wait_entered_hook(step))
        node.task_title = node_title(step)
        timers_attach(node, step)
        return {step["id"]: node_next(node, step["next"])}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime] | Stop:
        timeout: Any = step.get("timeout")
        expires: Any = duration_add(clock, timeout["after"], region=walk.region) if timeout else None
        who = "the resident" if step["type"] == "wait_for_customer" else f'"{step["connector"]}"'
        notes = [f"waits for a reply from {who}"]
        if "reminder_after" in step:
            notes.append(f"reminder after {duration_describe(step['reminder_after'])}")
        choice = walk.outcomes.get(step["id"])
        if choice is None or choice not in WAIT_CHOICES or (choice == "timeout" and not timeout):
            if choice is not None:
                allowed = '"replied" or "timeout"' if timeout else '"replied"'
                notes.append(f'"{choice}" cannot happen here (give {allowed})')
            walk_entry(walk, step, clock, due=expires, note="; ".join(notes))
            return Stop("blocked", step["id"], clock)
        if choice == "replied":
            walk_entry(walk, step, clock, due=expires, note="; ".join([*notes, "reply received"]))
            return step["next"], clock
        walk_entry(
            walk,
            step,
            clock,
            due=expires,
            note="; ".join([*notes, f"no reply in {duration_describe(timeout['after'])}"]),
        )
        if "next" not in timeout:
            return Stop("blocked", step["id"], expires)
        return timeout["next"], expires


@step_types.register("wait_for_customer")
class WaitForCustomerStep(WaitStep):
    summary = "wait for the resident, with an optional reminder and timeout; the SLA clock stops by default"
    properties = {
        "reminder_after": {"$ref": "#/$defs/duration"},
        "timeout": {"$ref": "#/$defs/timeout"},
        # The case's SLA clock stops while it waits for the resident (default true).
        "stops_clock": {"type": "boolean"},
        "next": NEXT,
    }
    required = ("next",)
