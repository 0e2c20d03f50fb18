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
        if "connector" in item and event != "connector_reply":
            problems.append(
                DefinitionProblem(
                    json_pointer(*where, "cancel_on", index, "connector"),
                    "only a connector_reply names a connector",
                )
            )
        # A connector_reply may be given once per connector slot (and once for "any back office").
        key = f"{event}:{item.get('connector', '')}" if event == "connector_reply" else event
        if event and event != "officer_action" and key in events:
            words = f'"{event}" from "{item["connector"]}"' if item.get("connector") else f'"{event}"'
            problems.append(
                DefinitionProblem(json_pointer(*where, "cancel_on", index, "event"), f"{words} is given twice")
            )
        events.add(key or "")
    return problems


def cancel_on_connector_problems(definition: dict, *, council_connectors: set[str] | None) -> list[DefinitionProblem]:
    """A connector_reply's `connector` is a slot the workflow declares and, when the council is known, one of its
    connectors (a reply from anywhere else could never cancel the task)."""
    slots = [declared["slot"] for declared in definition.get("connectors", [])]
    problems = []
    for index, step in enumerate(definition["steps"]):
        for position, item in enumerate(step.get("cancel_on") or []):
            slot = item.get("connector")
            if not isinstance(slot, str):
                continue
            pointer = json_pointer("steps", index, "cancel_on", position, "connector")
            if slot not in slots:
                listing = ", ".join(slots) or "none"
                problems.append(
                    DefinitionProblem(pointer, f'no connector slot "{slot}" is declared (slots: {listing})')
                )
            elif council_connectors is not None and slot not in council_connectors:
                listing = ", ".join(sorted(council_connectors)) or "none"
                problems.append(
                    DefinitionProblem(pointer, f'this council has no active connector "{slot}" (connectors: {listing})')
                )
    return problems


def cancel_on_describe(item: dict) -> str:
    """The diagram's edge label and the timeline's reason."""
    if "after" in item:
        return f"cancelled after {duration_describe(item['after'])}"
    if item.get("event") == "officer_action":
        return f"cancelled: {item.get('label', 'officer action')}"
    return f"cancelled: {cancel_on_reason(item)}"


def cancel_on_reason(item: dict) -> str:
    """Why an instance was cancelled, after "cancelled: " on the timeline."""
    if "after" in item:
        return f"not done within {duration_describe(item['after'])}"
    if item.get("event") == "officer_action":
        return item.get("label", "an officer acted")
    words = EVENT_WORDS.get(item.get("event", ""), item.get("event", ""))
    return f"{words} ({item['connector']})" if item.get("connector") else words


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
        timer = CancelOnTimer(None, delay=runtime.timer_due(item["after"]), on_cancel=cancel_on_recorder(step, item))
        words = cancel_on_describe(item)
        timer.task_title = words[:1].upper() + words[1:]
        boundary_timer_attach(node, f"cancel{index}", timer.Next(getattr(this, item["next"])))


def cancel_on_recorder(step: dict, item: dict, *, actor: Any = None) -> Callable[[Any], None]:
    """What records a task `item` cancels (its queue row closes, a timeline entry says why), given the engine task."""

    def record(task: Any) -> None:
        case_hooks().case_task_interrupt(task.pk, step=step, item=item, actor=actor)

    return record


def officer_actions(step: dict) -> list[tuple[int, str]]:
    """(index, button words) of a task's officer actions, for the task page."""
    return [
        (index, item["label"])
        for index, item in enumerate(step.get("cancel_on", []))
        if item.get("event") == "officer_action"
    ]
