"""The builder's edits to a draft workflow: each returns the new definition JSON, checked as publishing checks it.

`workflow_definition_replace` is the only writer: it runs `workflow_definition_full_check` (the engine's own
schema + lint against the council's form, teams and connector types) on the new JSON and saves only if it
passes, so a refused edit changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from django.db import transaction

from councilflow.errors import DefinitionInvalid, DefinitionProblem, json_pointer
from workflows.graph import step_edges
from workflows.language import STEP_TYPES
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_full_check

from .workflow_derived import workflow_derived_fill
from .workflow_model import ValueRefused, step_apply, workflow_apply

NEW_STEP_TYPES = tuple(t for t in STEP_TYPES if t != "include")


def workflow_definition_replace(workflow: WorkflowDefinition, *, definition: dict) -> WorkflowDefinition:
    """Save `definition` on the draft if the full check passes; raise `DefinitionInvalid` (nothing saved) if not."""
    if not workflow.is_editable:
        raise DefinitionInvalid([DefinitionProblem("", "a published version cannot change; start a new draft")])
    candidate = copy.copy(workflow)
    candidate.definition = definition
    workflow_definition_full_check(candidate)
    with transaction.atomic():
        workflow.definition = definition
        workflow.save(update_fields=["definition"])
    workflow_derived_fill(workflow)
    return workflow


def workflow_step_update(
    definition: dict, *, index: int, values: Mapping[str, str], field_types: Mapping[str, str] | None = None
) -> dict:
    """The definition with step `index` rewritten from its form; a renamed step's references follow it."""
    steps = definition["steps"]
    _index_check(steps, index)
    old = steps[index]
    try:
        new = step_apply(old, values, field_types=field_types)
    except ValueRefused as refused:
        raise DefinitionInvalid(
            [DefinitionProblem(json_pointer("steps", index), f"{_label(refused.name)}: {refused}")]
        ) from refused
    result = copy.deepcopy(definition)
    result["steps"][index] = new
    if new.get("id") != old.get("id"):
        _references_rename(result, old["id"], new["id"])
    return result


def workflow_settings_update(definition: dict, *, values: Mapping[str, str]) -> dict:
    try:
        return workflow_apply(definition, values)
    except ValueRefused as refused:
        raise DefinitionInvalid([DefinitionProblem("", f"{_label(refused.name)}: {refused}")]) from refused


def workflow_step_add(definition: dict, *, step_type: str, step_id: str, after: str, team: str = "") -> dict:
    """A new step of `step_type` wired in after step `after` (or first, for ""), taking over where it led."""
    if step_type not in NEW_STEP_TYPES:
        raise DefinitionInvalid([DefinitionProblem("/steps", f'"{step_type}" is not a step type the builder adds')])
    result = copy.deepcopy(definition)
    if after:
        before = next((s for s in result["steps"] if s["id"] == after), None)
        if before is None:
            raise DefinitionInvalid([DefinitionProblem("/steps", f'no step "{after}" to add after')])
        if not isinstance(before.get("next"), str):
            raise DefinitionInvalid(
                [
                    DefinitionProblem(
                        json_pointer("steps", result["steps"].index(before)),
                        f'"{after}" has no single next step; add the new step after another one and point a branch or outcome at it',
                    )
                ]
            )
        target = before["next"]
        before["next"] = step_id
        position = result["steps"].index(before) + 1
    else:
        target = result["start"]
        result["start"] = step_id
        position = 0
    result["steps"].insert(position, step_skeleton(step_type, step_id=step_id, then=target, team=team))
    return result


def step_skeleton(step_type: str, *, step_id: str, then: str, team: str = "") -> dict:
    """The smallest step of a type that passes the check, leading to `then`; the designer fills it in."""
    base: dict = {"id": step_id, "type": step_type}
    title = step_id.replace("_", " ").capitalize()
    if step_type == "task":
        return {
            **base,
            "title": title,
            "assign": {"team": team},
            "outcomes": [{"id": "done", "label": "Done"}],
            "next": then,
        }
    if step_type == "decision":
        return {**base, "title": title, "branches": [{"when": True, "next": then}], "otherwise": then}
    if step_type == "split":
        return {**base, "branches": [then]}
    if step_type == "first_of":
        return {**base, "options": [then]}
    if step_type == "end":
        return {**base, "outcome": "resolved"}
    if step_type == "timer":
        return {**base, "wait": {"working_days": 1}, "next": then}
    if step_type == "notify":
        return {
            **base,
            "title": title,
            "to": "resident",
            "template": {"subject": "An update on ((reference))", "body": "Track your request: ((tracking_link))"},
            "next": then,
        }
    if step_type == "set_status":
        return {**base, "status": "in_progress", "next": then}
    if step_type in ("connector", "wait_for_reply"):
        return {**base, "connector": "", "next": then}
    if step_type == "set_field":
        return {**base, "field": "", "value": "", "next": then}
    return {**base, "next": then}


def workflow_step_remove(definition: dict, *, index: int) -> dict:
    """The definition without step `index`; steps that led to it lead to where it led, when that was one step."""
    result = copy.deepcopy(definition)
    _index_check(result["steps"], index)
    removed = result["steps"].pop(index)
    onward = removed.get("next")
    if isinstance(onward, str):
        _references_rename(result, removed["id"], onward)
    return result


def workflow_step_move(definition: dict, *, index: int, offset: int) -> dict:
    """The steps listed in a new order (the order only changes how the builder lists them)."""
    result = copy.deepcopy(definition)
    steps = result["steps"]
    _index_check(steps, index)
    target = min(max(index + offset, 0), len(steps) - 1)
    steps.insert(target, steps.pop(index))
    return result


def _references_rename(definition: dict, old: str, new: str) -> None:
    """Point every reference to step `old` (start, nexts, branches, outcomes, timeouts, exits) at `new`."""
    for key in ("start", "reopen_to"):
        if definition.get(key) == old:
            definition[key] = new
    for step in definition["steps"]:
        for edge in step_edges(step):
            if edge.target == old:
                _pointer_set(step, edge.pointer, new)
        if isinstance(step.get("assign"), dict) and step["assign"].get("same_as") == old:
            step["assign"]["same_as"] = new


def _pointer_set(obj: dict, pointer: str, value: str) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    for part in parts[:-1]:
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    last = parts[-1]
    if isinstance(obj, list):
        obj[int(last)] = value
    else:
        obj[last] = value


def _index_check(steps: list, index: int) -> None:
    if not 0 <= index < len(steps):
        raise DefinitionInvalid([DefinitionProblem("/steps", f"there is no step {index + 1}")])


def _label(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").capitalize()
