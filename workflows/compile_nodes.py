"""Node-building helpers the step types' compilers share (wiring by name, titles, timer boundaries)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from viewflow import this
from viewflow.workflow import flow

from . import runtime
from .cancel_on import cancel_on_timers_attach
from .engine_adapter import ActionTimer, TimeoutTimer, boundary_timer_attach
from .working_days import duration_describe


def node_title(step: dict) -> str:
    """What the diagram shows: the step's title, else its id in words."""
    return step.get("title") or step["id"].replace("_", " ").capitalize()


def route_node_name(step_id: str) -> str:
    return f"{step_id}__route"


def node_next(node: Any, target: str) -> Any:
    """Wire by name with `this`, so steps may refer to steps defined later."""
    return node.Next(getattr(this, target))


def function_node(step: dict, func: Callable) -> dict[str, Any]:
    """A step that runs one function and moves on (connector, set_status, set_field)."""
    node = flow.Function(func)
    node.task_title = node_title(step)
    return {step["id"]: node_next(node, step["next"])}


def timers_attach(node: Any, step: dict) -> Any:
    """Reminders, escalations and timeouts are viewflow timer boundaries, armed and disarmed with the step.

    Named `<step>__remind`, `<step>__escalate`, `<step>__timeout` (step ids never contain `__`).
    """
    timers: list[tuple[str, Any, str]] = []
    if step["type"] == "task" and "remind_before" in step:
        timer = ActionTimer(None, delay=runtime.task_remind_due(step), action=runtime.task_remind_hook(step))
        timers.append(("remind", timer, f"Remind {duration_describe(step['remind_before'])} before due"))
    if step["type"] == "task" and "escalate" in step:
        timer = ActionTimer(None, delay=runtime.task_escalate_due(step), action=runtime.task_escalate_hook(step))
        timers.append(("escalate", timer, f"Escalate after {duration_describe(step['escalate']['after'])}"))
    if "reminder_after" in step:
        timer = ActionTimer(
            None, delay=runtime.timer_due(step["reminder_after"]), action=runtime.wait_remind_hook(step)
        )
        timers.append(("remind", timer, f"Remind after {duration_describe(step['reminder_after'])}"))
    timeout = step.get("timeout")
    if timeout and "next" in timeout:
        timer = TimeoutTimer(None, delay=runtime.timer_due(timeout["after"]), on_fire=runtime.wait_timeout_hook(step))
        timers.append(
            (
                "timeout",
                timer.Next(getattr(this, timeout["next"])),
                f"No reply in {duration_describe(timeout['after'])}",
            )
        )
    for suffix, timer, title in timers:
        timer.task_title = title
        boundary_timer_attach(node, suffix, timer)
    if step["type"] == "task":
        cancel_on_timers_attach(node, step)
    return node
