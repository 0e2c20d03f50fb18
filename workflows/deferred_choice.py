"""The deferred choice (`first_of`): whichever of several waits, timers or tasks happens first routes the case.

    {"id": "await_evidence", "type": "first_of", "options": ["evidence_sent", "dwp_replied", "ten_days", "go_on"]}

Each option is an ordinary step (wait_for_customer, wait_for_reply, timer or task) with its own `next`. The
engine opens all of them at once (a split) and puts a join of its own, `<choice>__first_<option>`, at each
option's exit: the first option to finish reaches its join under the case's flow lock, which cancels the
others (tasks, waits, timers and their reminders) and goes on along that option's `next`. BPMN calls this an
event-based gateway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from viewflow import this
from viewflow.workflow import flow

from councilflow.errors import DefinitionProblem, json_pointer

from . import runtime
from .compile_nodes import node_next, route_node_name
from .engine_adapter import ChoiceWon
from .graph import step_edges
from .ports import case_hooks
from .working_days import duration_describe

OPTION_TYPES = ("wait_for_customer", "wait_for_reply", "timer", "task")
# Keys that would let an option leave other than through its choice's join (so the others would stay open).
OPTION_FORBIDDEN_KEYS = {
    "timeout": "a wait in a first_of has no timeout: add a timer option instead",
    "cancel_on": "a task in a first_of has no cancel_on: add the timer or event as another option",
    "multiple": "a task in a first_of cannot have multiple instances",
}


def won_node_name(choice_id: str, option_id: str) -> str:
    return f"{choice_id}__first_{option_id}"


def choice_options(definition: dict) -> dict[str, dict]:
    """Each option step id -> the first_of step that lists it (the first one, if a lint error lists it twice)."""
    found: dict[str, dict] = {}
    for step in definition.get("steps", []):
        if step.get("type") == "first_of":
            for option in step.get("options", []):
                if isinstance(option, str):
                    found.setdefault(option, step)
    return found


def option_describe(option: dict) -> str:
    """What happening first means for this option: the diagram's edge label and the timeline's words."""
    kind = option.get("type")
    if kind == "wait_for_customer":
        return "the resident replies"
    if kind == "wait_for_reply":
        return f'"{option.get("connector", "")}" replies'
    if kind == "timer" and isinstance(option.get("wait"), dict):
        return f"{duration_describe(option['wait'])} pass"
    if kind == "timer" and isinstance(option.get("until"), dict):
        return f"the date in {option['until'].get('field', '')} comes"
    return f"an officer completes “{option.get('title') or option.get('id', '')}”"


def first_of_problems(definition: dict, index: int, step: dict) -> list[DefinitionProblem]:
    """An option is a wait, timer or task of its own, reached only from this choice, that leaves only by `next`."""
    steps = {s["id"]: s for s in definition["steps"]}
    owners = choice_options(definition)
    entered = _entered_elsewhere(definition)
    problems = []
    if len(step["options"]) < 2:
        problems.append(
            DefinitionProblem(json_pointer("steps", index, "options"), "a first_of needs at least 2 options")
        )
    for position, option_id in enumerate(step["options"]):
        pointer = json_pointer("steps", index, "options", position)
        option = steps.get(option_id)
        if option is None:
            continue  # the graph lint reports the unknown step
        if option["type"] not in OPTION_TYPES:
            problems.append(
                DefinitionProblem(
                    pointer,
                    f'"{option_id}" is a {option["type"]} step; an option is one of {", ".join(OPTION_TYPES)}',
                )
            )
            continue
        if owners.get(option_id) is not step:
            problems.append(
                DefinitionProblem(pointer, f'"{option_id}" is already an option of "{owners[option_id]["id"]}"')
            )
        for key, message in OPTION_FORBIDDEN_KEYS.items():
            if key in option:
                problems.append(
                    DefinitionProblem(json_pointer("steps", steps_index(definition, option_id), key), message)
                )
        if option["type"] == "timer" and "next" not in option:
            continue  # the timer's own lint says it needs one
        for where in entered.get(option_id, []):
            problems.append(
                DefinitionProblem(
                    where, f'"{option_id}" is an option of first_of "{step["id"]}"; only that step may lead to it'
                )
            )
    return problems


def steps_index(definition: dict, step_id: str) -> int:
    return next(i for i, s in enumerate(definition["steps"]) if s["id"] == step_id)


def _entered_elsewhere(definition: dict) -> dict[str, list[str]]:
    """Pointers of every reference to a step other than a first_of's option list (and the start)."""
    found: dict[str, list[str]] = {definition.get("start", ""): ["/start"]}
    for index, step in enumerate(definition["steps"]):
        if step.get("type") == "first_of":
            continue
        for edge in step_edges(step):
            found.setdefault(edge.target, []).append(json_pointer("steps", index) + edge.pointer)
    return found


def deferred_choice_wire(definition: dict) -> tuple[list[dict], dict[str, Any]]:
    """The steps as the engine compiles them (an option's exit leads to its own join) and those joins."""
    owners = choice_options(definition)
    steps: list[dict] = []
    nodes: dict[str, Any] = {}
    for step in definition["steps"]:
        choice = owners.get(step["id"])
        if choice is None:
            steps.append(step)
            continue
        won = won_node_name(choice["id"], step["id"])
        steps.append({**step, "next": won})
        join = ChoiceWon(option=step["id"], on_won=_choice_won_hook(choice, definition))
        join.task_title = f"First: {option_describe(step)}"
        target = step["next"]
        if isinstance(target, str):
            nodes[won] = node_next(join, target)
            continue
        route = flow.Switch()
        for outcome_id, destination in target.items():
            route = route.Case(getattr(this, destination), runtime.outcome_is(step["id"], outcome_id))
        route.task_title = f"Route on {step.get('title', step['id'])}"
        nodes[won] = node_next(join, route_node_name(step["id"]))
        nodes[route_node_name(step["id"])] = route
    return steps, nodes


def _choice_won_hook(choice: dict, definition: dict) -> Callable[[Any, str, list], None]:
    steps = {s["id"]: s for s in definition["steps"]}

    def won(activation: Any, option_id: str, active_tasks: list) -> None:
        losing = {task.flow_task.name: task.pk for task in active_tasks if task.flow_task.name in choice["options"]}
        withdrawn = [(steps[name], losing[name]) for name in choice["options"] if name in losing]
        case_hooks().case_choice_decided(activation.process, step=choice, option=steps[option_id], withdrawn=withdrawn)

    return won
