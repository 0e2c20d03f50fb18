"""A draft whose arrows name a missing step can still be drawn: each dangling reference is pointed at a
stand-in end, drawn as "No step “x”" and outlined as a problem, instead of the draft having no diagram.

Only old or imported drafts get here (the studio's save refuses a `next` naming no step); the stored
definition is never changed, only the copy that is drawn.
"""

from __future__ import annotations

import copy
import re

from .graph import step_edges

MISSING_PREFIX = "missing_step_"


def definition_drawable(definition: dict) -> tuple[dict, dict[str, str], set[str]]:
    """(a copy to draw, {stand-in end id: the missing step's name}, ids of the steps that name one)."""
    steps = definition.get("steps")
    if not isinstance(steps, list):
        return definition, {}, set()
    ids = {step.get("id") for step in steps if isinstance(step, dict)}
    drawn = copy.deepcopy(definition)
    missing: dict[str, str] = {}
    sources: set[str] = set()

    def stand_in(target: str) -> str:
        name = MISSING_PREFIX + (re.sub(r"[^a-z0-9_]", "_", target.lower()) or "unnamed")
        while name in ids and missing.get(name) != target:
            name += "_"
        if name not in missing:
            missing[name] = target
            drawn["steps"].append({"id": name, "type": "end", "outcome": "resolved"})
        return name

    for step in drawn["steps"]:
        if not isinstance(step, dict):
            continue
        for edge in step_edges(step):
            if edge.target not in ids:
                _pointer_set(step, edge.pointer, stand_in(edge.target))
                sources.add(step.get("id", ""))
    if isinstance(drawn.get("start"), str) and drawn["start"] not in ids:
        drawn["start"] = stand_in(drawn["start"])
    return (drawn if missing else definition), missing, sources


def _pointer_set(document: dict, pointer: str, value: str) -> None:
    parts = pointer.strip("/").split("/")
    node = document
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
