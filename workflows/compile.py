"""Compile a checked JSON workflow definition into a viewflow Flow class (a pure function of the JSON).

Pipeline: check (validate + lint) -> compile (here) -> register (registry.py) -> run (runtime.py).
Traps avoided (see docs/architecture.md): nodes are wired by name with `this`, every node is in the
class attrs when the class is created, and `__module__` is the module whose __getattr__ resolves it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock

from . import runtime
from .engine_adapter import (
    ActionTimer,
    CaseStart,
    OutcomeEnd,
    TimeoutTimer,
    Wait,
    boundary_timer_attach,
    officer_task_view,
)
from .fragments import fragments_expand
from .ports import case_hooks
from .timer_dates import timer_until_due
from .working_days import duration_describe

DYNAMIC_MODULE = "workflows.dynamic"
START_NODE = "start"


def _title(step: dict) -> str:
    """What the diagram shows: the step's title, else its id in words."""
    return step.get("title") or step["id"].replace("_", " ").capitalize()


def _route_node_name(step_id: str) -> str:
    return f"{step_id}__route"


def _next(node: Any, target: str) -> Any:
    return node.Next(getattr(this, target))


def _timers_attach(node: Any, step: dict) -> Any:
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
    return node


def _compile_task(step: dict) -> dict[str, Any]:
    node = flow.View(officer_task_view).onCreate(runtime.task_created_hook(step))
    node.task_title = _title(step)
    _timers_attach(node, step)
    node.task_description = step.get("description", "")
    target = step["next"]
    if isinstance(target, str):
        return {step["id"]: _next(node, target)}
    route = flow.Switch()
    for outcome_id, destination in target.items():
        route = route.Case(getattr(this, destination), runtime.outcome_is(step["id"], outcome_id))
    route.task_title = f"Route on {step.get('title', step['id'])}"
    return {step["id"]: _next(node, _route_node_name(step["id"])), _route_node_name(step["id"]): route}


def _compile_decision(step: dict) -> dict[str, Any]:
    node = flow.Switch()
    for branch in step.get("branches", []):
        node = node.Case(getattr(this, branch["next"]), runtime.condition_holds(branch["when"]))
    node = node.Default(getattr(this, step["otherwise"]))
    node.task_title = _title(step)
    return {step["id"]: node}


def _compile_function(step: dict, func: Callable) -> dict[str, Any]:
    node = flow.Function(func)
    node.task_title = _title(step)
    return {step["id"]: _next(node, step["next"])}


def _compile_notify(step: dict) -> dict[str, Any]:
    node = flow.SendHandle(runtime.notification_queue_hook(step))
    node.task_title = _title(step)
    return {step["id"]: _next(node, step["next"])}


def _compile_split(step: dict) -> dict[str, Any]:
    node = flow.Split()
    for target in step["branches"]:
        node = node.Next(getattr(this, target))
    node.task_title = _title(step)
    return {step["id"]: node}


def _compile_join(step: dict) -> dict[str, Any]:
    if step.get("mode", "all") == "first":
        node = flow.Join(continue_on_condition=lambda activation, active_tasks: True)
    else:
        node = flow.Join()
    node.task_title = _title(step)
    return {step["id"]: _next(node, step["next"])}


def _compile_timer(step: dict) -> dict[str, Any]:
    due = runtime.timer_due(step["wait"]) if "wait" in step else timer_until_due(step["until"])
    node = flow.Timer(due)
    node.task_title = _title(step)
    return {step["id"]: _next(node, step["next"])}


def _compile_wait(step: dict) -> dict[str, Any]:
    """wait_for_customer / wait_for_reply: a Wait node resumed by workflows.waits, with timer boundaries."""
    node = Wait(on_enter=runtime.wait_entered_hook(step))
    node.task_title = _title(step)
    _timers_attach(node, step)
    return {step["id"]: _next(node, step["next"])}


def _compile_connector(step: dict) -> dict[str, Any]:
    return _compile_function(step, runtime.connector_call_hook(step))


def _compile_end(step: dict) -> dict[str, Any]:
    node = OutcomeEnd(step.get("outcome", "resolved"), on_end=runtime.case_end_hook(step))
    node.task_title = _title(step)
    return {step["id"]: node}


STEP_COMPILERS: dict[str, Callable[[dict], dict[str, Any]]] = {
    "task": _compile_task,
    "decision": _compile_decision,
    "set_status": lambda step: _compile_function(step, runtime.status_set_hook(step)),
    "set_field": lambda step: _compile_function(step, runtime.field_set_hook(step)),
    "notify": _compile_notify,
    "split": _compile_split,
    "join": _compile_join,
    "timer": _compile_timer,
    "wait_for_customer": _compile_wait,
    "wait_for_reply": _compile_wait,
    "connector": _compile_connector,
    "end": _compile_end,
}


class UnsupportedStep(Exception):
    """The definition uses a step type this engine cannot run yet (lint should have caught it)."""


def workflow_compile(definition: dict, *, class_name: str, title: str = "") -> type[flow.Flow]:
    """Build the viewflow Flow class for one definition version. The definition must already be checked."""
    definition, _ = fragments_expand(definition)
    attrs: dict[str, Any] = {
        "__module__": DYNAMIC_MODULE,
        "__qualname__": class_name,
        "__doc__": title or definition.get("title", class_name),
        "process_class": case_hooks().process_class,
        "lock_impl": select_for_update_lock,
        "process_title": title or definition.get("title", class_name),
        START_NODE: _next(CaseStart(runtime.case_started), definition["start"]),
        "definition_json": definition,
    }
    for step in definition["steps"]:
        compiler = STEP_COMPILERS.get(step["type"])
        if compiler is None:
            raise UnsupportedStep(f"step {step['id']!r} has type {step['type']!r}, which this engine cannot run")
        attrs.update(compiler(step))
    return type(class_name, (flow.Flow,), attrs)
