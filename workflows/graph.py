"""The step graph of a workflow definition: edges, lookups and reachability.

Shared by the lint, the dry run, the compiler and the diagram, so all four agree on
which step can follow which. Tolerant of drafts: missing keys simply give no edge.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from workflows.conditions import condition_describe
from workflows.working_days import duration_describe


class Edge(NamedTuple):
    """One possible transition out of a step; `pointer` locates the reference inside the step."""

    target: str
    label: str
    pointer: str


def step_edges(step: dict) -> list[Edge]:
    """Every transition out of `step`, in document order, with the pointer of each reference."""
    step_type = step.get("type")
    edges: list[Edge] = []
    nxt = step.get("next")
    if step_type == "task":
        labels = {o.get("id"): o.get("label", o.get("id")) for o in step.get("outcomes", []) if isinstance(o, dict)}
        if isinstance(nxt, dict):
            edges += [Edge(t, labels.get(o, o), f"/next/{o}") for o, t in nxt.items() if isinstance(t, str)]
        elif isinstance(nxt, str):
            edges.append(Edge(nxt, "", "/next"))
        for index, item in enumerate(step.get("cancel_on") or []):
            if isinstance(item, dict) and isinstance(item.get("next"), str):
                edges.append(Edge(item["next"], _cancel_on_words(item), f"/cancel_on/{index}/next"))
        return edges
    if step_type == "decision":
        for index, branch in enumerate(step.get("branches", [])):
            if isinstance(branch, dict) and isinstance(branch.get("next"), str):
                edges.append(Edge(branch["next"], condition_describe(branch.get("when")), f"/branches/{index}/next"))
        if isinstance(step.get("otherwise"), str):
            edges.append(Edge(step["otherwise"], "otherwise", "/otherwise"))
        return edges
    if step_type == "split":
        return [Edge(t, "", f"/branches/{i}") for i, t in enumerate(step.get("branches", [])) if isinstance(t, str)]
    if step_type == "first_of":  # the diagram words each arrow from the option it leads to
        return [Edge(t, "first", f"/options/{i}") for i, t in enumerate(step.get("options", [])) if isinstance(t, str)]
    if step_type == "end":
        return []
    if step_type == "include" and isinstance(step.get("exits"), dict):
        return [Edge(t, name, f"/exits/{name}") for name, t in step["exits"].items() if isinstance(t, str)]
    if isinstance(nxt, str):
        label = ""
        if step_type == "timer" and isinstance(step.get("wait"), dict):
            label = f"after {duration_describe(step['wait'])}"
        elif (
            step_type == "timer" and isinstance(step.get("until"), dict) and isinstance(step["until"].get("field"), str)
        ):
            label = f"until {step['until']['field']}"
        elif step_type in ("wait_for_customer", "wait_for_reply"):
            label = "replied"
        edges.append(Edge(nxt, label, "/next"))
    timeout = step.get("timeout")
    if isinstance(timeout, dict) and isinstance(timeout.get("next"), str):
        edges.append(Edge(timeout["next"], "timeout", "/timeout/next"))
    return edges


def _cancel_on_words(item: dict) -> str:
    """The edge label of a `cancel_on` item (workflows/cancel_on.py describes it the same way)."""
    if isinstance(item.get("after"), dict):
        return f"cancelled after {duration_describe(item['after'])}"
    return f"cancelled: {item.get('label') or str(item.get('event', '')).replace('_', ' ')}"


def step_successors(step: dict) -> list[tuple[str, str]]:
    """(target step id, edge label) for each transition out of `step`."""
    return [(edge.target, edge.label) for edge in step_edges(step)]


def steps_by_id(definition: dict) -> dict[str, dict]:
    """Steps keyed by id; with duplicate ids the first wins (the lint reports the rest)."""
    found: dict[str, dict] = {}
    for step in definition.get("steps", []):
        if isinstance(step, dict) and isinstance(step.get("id"), str):
            found.setdefault(step["id"], step)
    return found


def step_indexes(definition: dict) -> dict[str, int]:
    """Each step id's position in `steps`, for building `/steps/<n>` pointers."""
    found: dict[str, int] = {}
    for index, step in enumerate(definition.get("steps", [])):
        if isinstance(step, dict) and isinstance(step.get("id"), str):
            found.setdefault(step["id"], index)
    return found


def reachable_from(definition: dict, start: str | set[str], *, without: str | None = None) -> set[str]:
    """Known step ids reachable from `start` (included), never passing through step `without`."""
    steps = steps_by_id(definition)
    queue = deque(s for s in ({start} if isinstance(start, str) else start) if s in steps and s != without)
    seen = set(queue)
    while queue:
        for edge in step_edges(steps[queue.popleft()]):
            if edge.target in steps and edge.target not in seen and edge.target != without:
                seen.add(edge.target)
                queue.append(edge.target)
    return seen


def reachable_after(definition: dict, step_id: str) -> set[str]:
    """Steps reachable from `step_id` by at least one transition (`step_id` only if on a loop)."""
    steps = steps_by_id(definition)
    if step_id not in steps:
        return set()
    firsts = {edge.target for edge in step_edges(steps[step_id])}
    return reachable_from(definition, firsts)


def steps_reaching(definition: dict, targets: set[str]) -> set[str]:
    """Step ids from which some step in `targets` can be reached (targets included)."""
    steps = steps_by_id(definition)
    incoming: dict[str, set[str]] = {}
    for step_id, step in steps.items():
        for edge in step_edges(step):
            incoming.setdefault(edge.target, set()).add(step_id)
    queue = deque(t for t in targets if t in steps)
    seen = set(queue)
    while queue:
        for source in incoming.get(queue.popleft(), ()):
            if source not in seen:
                seen.add(source)
                queue.append(source)
    return seen


def end_step_ids(definition: dict) -> set[str]:
    """Ids of the steps of type end."""
    return {step_id for step_id, step in steps_by_id(definition).items() if step.get("type") == "end"}


def task_outcome_ids(definition: dict) -> dict[str, set[str]]:
    """Each task's outcome ids, keyed by task id: what `outcomes.<task>` may equal."""
    return {
        step_id: {o["id"] for o in step.get("outcomes", []) if isinstance(o, dict) and "id" in o}
        for step_id, step in steps_by_id(definition).items()
        if step.get("type") == "task"
    }
