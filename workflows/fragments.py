"""Reusable fragments: `{"type": "include"}` steps are replaced by a copy of a named fragment's steps.

Expansion happens before lint and compile, so the engine never sees an include: a fragment step `review`
included as `stage2` becomes the step `stage2_review`, its exits are wired to the include's `exits`, and a
reference to the include step leads to the fragment's start. Lint runs on the expanded document and its
pointers are mapped back to where the designer wrote the step (`/fragments/<name>/steps/<n>/...`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from councilflow.errors import DefinitionProblem, json_pointer

from .graph import step_edges
from .language_vocabulary import STEP_ID_PATTERN

_STEP_ID = re.compile(STEP_ID_PATTERN)


def has_fragments(definition: dict) -> bool:
    return bool(definition.get("fragments")) or any(s.get("type") == "include" for s in definition.get("steps", []))


def fragments_problems(definition: dict) -> list[DefinitionProblem]:
    """What makes expansion impossible or ambiguous; run after validate, before expanding."""
    fragments = definition.get("fragments", {})
    problems = []
    for name, fragment in fragments.items():
        ids = [s["id"] for s in fragment["steps"]]
        where = ("fragments", name)
        if fragment["start"] not in ids:
            problems.append(
                DefinitionProblem(
                    json_pointer(*where, "start"), f'unknown step "{fragment["start"]}" in fragment "{name}"'
                )
            )
        for exit_index, exit_name in enumerate(fragment["exits"]):
            if exit_name in ids:
                problems.append(
                    DefinitionProblem(
                        json_pointer(*where, "exits", exit_index),
                        f'"{exit_name}" is also a step of the fragment; name exits differently',
                    )
                )
        for index, step in enumerate(fragment["steps"]):
            if step["type"] == "include":
                problems.append(
                    DefinitionProblem(
                        json_pointer(*where, "steps", index, "type"), "a fragment cannot include another fragment"
                    )
                )
                continue
            for pointer, target in _references(step):
                if target not in ids and target not in fragment["exits"]:
                    problems.append(
                        DefinitionProblem(
                            json_pointer(*where, "steps", index) + pointer,
                            f'"{target}" is neither a step nor an exit of fragment "{name}"',
                        )
                    )
    main_ids = {s["id"] for s in definition["steps"]}
    for index, step in enumerate(definition["steps"]):
        if step["type"] != "include":
            continue
        fragment = fragments.get(step["fragment"])
        if fragment is None:
            problems.append(
                DefinitionProblem(
                    json_pointer("steps", index, "fragment"),
                    f'unknown fragment "{step["fragment"]}" (fragments: {", ".join(fragments) or "none"})',
                )
            )
            continue
        for exit_name in fragment["exits"]:
            if exit_name not in step["exits"]:
                problems.append(
                    DefinitionProblem(
                        json_pointer("steps", index, "exits"),
                        f'exit "{exit_name}" of fragment "{step["fragment"]}" has no next step',
                    )
                )
        for exit_name in step["exits"]:
            if exit_name not in fragment["exits"]:
                problems.append(
                    DefinitionProblem(
                        json_pointer("steps", index, "exits", exit_name),
                        f'"{exit_name}" is not an exit of fragment "{step["fragment"]}" (exits: {", ".join(fragment["exits"])})',
                    )
                )
        for inner in fragment["steps"]:
            new_id = f"{step['id']}_{inner['id']}"
            if not _STEP_ID.match(new_id) or new_id in main_ids:
                problems.append(
                    DefinitionProblem(
                        json_pointer("steps", index, "id"),
                        f'including here makes the step id "{new_id}", which is too long or already used; shorten the include id',
                    )
                )
                break
    return problems


def fragments_expand(definition: dict) -> tuple[dict, list[str]]:
    """The definition with every include replaced by its fragment's steps, and each expanded step's origin pointer."""
    if not has_fragments(definition):
        return definition, [json_pointer("steps", i) for i in range(len(definition["steps"]))]
    fragments = definition.get("fragments", {})
    includes = {s["id"]: s for s in definition["steps"] if s["type"] == "include"}

    def outer(target: str) -> str:
        include = includes.get(target)
        return f"{target}_{fragments[include['fragment']]['start']}" if include else target

    steps: list[dict] = []
    origins: list[str] = []
    for index, step in enumerate(definition["steps"]):
        if step["type"] != "include":
            steps.append(_rewrite(step, outer, lambda name: name))
            origins.append(json_pointer("steps", index))
            continue
        fragment = fragments[step["fragment"]]
        inner_ids = {s["id"] for s in fragment["steps"]}
        prefix = f"{step['id']}_"

        def inner(target: str, *, _ids=inner_ids, _prefix=prefix, _exits=step["exits"]) -> str:
            return _prefix + target if target in _ids else outer(_exits.get(target, target))

        for inner_index, inner_step in enumerate(fragment["steps"]):
            copied = _rewrite(
                inner_step, inner, lambda name, _ids=inner_ids, _prefix=prefix: _prefix + name if name in _ids else name
            )
            copied["id"] = prefix + inner_step["id"]
            steps.append(copied)
            origins.append(json_pointer("fragments", step["fragment"], "steps", inner_index))
    expanded = {k: v for k, v in definition.items() if k != "fragments"}
    expanded["steps"] = steps
    expanded["start"] = outer(definition["start"])
    if definition.get("reopen_to"):
        expanded["reopen_to"] = outer(definition["reopen_to"])
    return expanded, origins


def problems_to_origin(problems: list[DefinitionProblem], origins: list[str]) -> list[DefinitionProblem]:
    """Point problems found in the expanded document back at the step the designer wrote."""
    mapped = []
    for problem in problems:
        match = re.match(r"^/steps/(\d+)(.*)$", problem.path)
        if match and int(match.group(1)) < len(origins):
            problem = DefinitionProblem(origins[int(match.group(1))] + match.group(2), problem.message)
        mapped.append(problem)
    return mapped


def _references(step: dict) -> list[tuple[str, str]]:
    """(pointer inside the step, target) of every step reference, including same_as."""
    found = [(edge.pointer, edge.target) for edge in step_edges(step)]
    same_as = step.get("assign", {}).get("same_as")
    return found + ([("/assign/same_as", same_as)] if same_as else [])


def _rewrite(step: dict, target: Callable[[str], str], task_name: Callable[[str], str]) -> dict:
    """A copy of `step` with step references passed through `target` and task names in expressions through `task_name`."""
    step = copy.deepcopy(step)
    if isinstance(step.get("next"), str):
        step["next"] = target(step["next"])
    elif isinstance(step.get("next"), dict):
        step["next"] = {k: target(v) for k, v in step["next"].items()}
    if step["type"] == "split":
        step["branches"] = [target(b) for b in step["branches"]]
    if step["type"] == "first_of":
        step["options"] = [target(o) for o in step["options"]]
    if step["type"] == "decision":
        for branch in step["branches"]:
            branch["next"] = target(branch["next"])
            branch["when"] = _expression_rename(branch["when"], task_name)
        step["otherwise"] = target(step["otherwise"])
    if step["type"] == "set_field":
        step["value"] = _expression_rename(step["value"], task_name)
    if "timeout" in step and "next" in step["timeout"]:
        step["timeout"]["next"] = target(step["timeout"]["next"])
    if "same_as" in step.get("assign", {}):
        step["assign"]["same_as"] = task_name(step["assign"]["same_as"])
    for key in ("for_each", "count"):  # a multi-instance list read from a task inside the fragment
        if isinstance(step.get("multiple", {}).get(key), str):
            step["multiple"][key] = _expression_rename({"var": step["multiple"][key]}, task_name)["var"]
    return step


def _expression_rename(expression: Any, task_name: Callable[[str], str]) -> Any:
    """Rename the task in `outcomes.<task>` and `task.<task>.<field>` variables."""
    if isinstance(expression, list):
        return [_expression_rename(e, task_name) for e in expression]
    if not isinstance(expression, dict):
        return expression
    if set(expression) == {"var"} and isinstance(expression["var"], str):
        root, _, rest = expression["var"].partition(".")
        if root in ("outcomes", "task") and rest:
            name, dot, tail = rest.partition(".")
            return {"var": f"{root}.{task_name(name)}{dot}{tail}"}
        return expression
    return {k: _expression_rename(v, task_name) for k, v in expression.items()}
