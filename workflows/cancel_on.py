"""A task's `cancel_on`: a timer or an incoming event that cancels the open task and routes to another step.

    "cancel_on": [{"after": {"working_days": 5}, "next": "chase"},
                  {"event": "resident_reply", "next": "recheck"},
                  {"event": "officer_action", "label": "Resident phoned", "next": "call_back"}]

Timers are interrupting viewflow boundaries armed with the task (engine_adapter.CancelOnTimer); events
come from outside the engine (the resident adds information, a back office replies, an officer presses the
action's button) through `task_cancel_on_event`, under the case's flow lock, so a task is interrupted once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from viewflow import this

from councilflow.errors import DefinitionProblem, json_pointer

from . import runtime
from .engine_adapter import CancelOnTimer, boundary_timer_attach
from .ports import case_hooks
from .working_days import duration_describe

EVENT_WORDS = {
    "resident_reply": "the resident replied",
    "connector_reply": "the back office replied",
    "officer_action": "an officer acted",
}


def cancel_on_problems(step: dict, where: tuple) -> list[DefinitionProblem]:
    """What the schema cannot say: each item is a timer or one event, and an officer action has its words."""
    problems = []
    events: set[str] = set()
    for index, item in enumerate(step.get("cancel_on", [])):
        pointer = json_pointer(*where, "cancel_on", index)
        if ("after" in item) == ("event" in item):
            problems.append(DefinitionProblem(pointer, 'give either "after" (a timer) or "event", not both or neither'))
            continue
        event = item.get("event")
        if event == "officer_action" and "label" not in item:
            problems.append(DefinitionProblem(pointer, 'an officer_action needs a "label" for its button'))
        if "label" in item and event != "officer_action":
            problems.append(
                DefinitionProblem(
                    json_pointer(*where, "cancel_on", index, "label"), "only an officer_action has a label"
                )
            )
        if event and event != "officer_action" and event in events:
            problems.append(
                DefinitionProblem(json_pointer(*where, "cancel_on", index, "event"), f'"{event}" is given twice')
            )
        events.add(event or "")
    return problems


def cancel_on_describe(item: dict) -> str:
    """The diagram's edge label and the timeline's reason."""
    if "after" in item:
        return f"cancelled after {duration_describe(item['after'])}"
    if item.get("event") == "officer_action":
        return f"cancelled: {item.get('label', 'officer action')}"
    return f"cancelled: {EVENT_WORDS.get(item.get('event', ''), item.get('event', ''))}"


def cancel_on_caption(step: dict) -> str:
    """The diagram's words under a task for its event items (timers are drawn as their own arrows)."""
    events = [f"{cancel_on_describe(item)} → {item['next']}" for item in step.get("cancel_on", []) if "event" in item]
    words = "; ".join(events)
    return words[:1].upper() + words[1:]


DRY_RUN_PREFIX = "cancel_on:"


def cancel_on_dry_run(step: dict, outcome: str) -> tuple[str, str] | None:
    """The dry run's "outcome" `cancel_on:<index>` follows that item: (next step, note), else None."""
    if not outcome.startswith(DRY_RUN_PREFIX):
        return None
    index = outcome.removeprefix(DRY_RUN_PREFIX)
    items = step.get("cancel_on", [])
    if not index.isdigit() or int(index) >= len(items):
        return None
    item = items[int(index)]
    return item["next"], f"{cancel_on_describe(item)}; goes to {item['next']}"


def cancel_on_timers_attach(node: Any, step: dict) -> None:
    """Arm one interrupting timer per `after` item, named `<step>__cancel<index>`."""
    for index, item in enumerate(step.get("cancel_on", [])):
        if "after" not in item:
            continue
        timer = CancelOnTimer(None, delay=runtime.timer_due(item["after"]), on_fire=_timer_fired(step, index))
        words = cancel_on_describe(item)
        timer.task_title = words[:1].upper() + words[1:]
        boundary_timer_attach(node, f"cancel{index}", timer.Next(getattr(this, item["next"])))


def _timer_fired(step: dict, index: int) -> Callable[[Any], None]:
    def fired(activation: Any) -> None:
        host = activation.task.previous.first()
        if host is not None:
            case_hooks().case_task_interrupt(host.pk, step=step, item=step["cancel_on"][index], actor=None)

    return fired


def officer_actions(step: dict) -> list[tuple[int, str]]:
    """(index, button words) of a task's officer actions, for the task page."""
    return [
        (index, item["label"])
        for index, item in enumerate(step.get("cancel_on", []))
        if item.get("event") == "officer_action"
    ]
