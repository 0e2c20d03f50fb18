"""Separation of duties: who must not do a task (`not_by`), checked at save time and when work changes hands.

`"not_by": ["draft"]` — not whoever completed task "draft"; `"not_by": "anyone_on_case"` — not anyone who
completed a task of this case. The case side enforces it at claim, assign and complete (casework.duties).
"""

from __future__ import annotations

from councilflow.errors import DefinitionProblem, json_pointer

from .graph import steps_by_id

ANYONE_ON_CASE = "anyone_on_case"


def duties_lint(definition: dict) -> list[DefinitionProblem]:
    """`not_by` names earlier tasks, never the task itself, and never the task it copies its owner from."""
    steps = steps_by_id(definition)
    problems = []
    for index, step in enumerate(definition["steps"]):
        not_by = step.get("not_by") if step["type"] == "task" else None
        if not isinstance(not_by, list):
            continue
        for position, other in enumerate(not_by):
            pointer = json_pointer("steps", index, "not_by", position)
            if other == step["id"]:
                problems.append(DefinitionProblem(pointer, "a task cannot be kept from whoever does it"))
            elif other not in steps:
                problems.append(DefinitionProblem(pointer, f'unknown step "{other}"'))
            elif steps[other]["type"] != "task":
                problems.append(
                    DefinitionProblem(pointer, f'"{other}" is not a task (its type is {steps[other]["type"]})')
                )
        same_as = step["assign"].get("same_as")
        if same_as is not None and same_as in not_by:
            problems.append(
                DefinitionProblem(
                    json_pointer("steps", index, "assign", "same_as"),
                    f'this task goes to whoever did "{same_as}", but not_by keeps them from it',
                )
            )
    for index, step in enumerate(definition["steps"]):
        if step["type"] == "task" and step.get("not_by") == ANYONE_ON_CASE and "same_as" in step["assign"]:
            problems.append(
                DefinitionProblem(
                    json_pointer("steps", index, "assign", "same_as"),
                    "this task goes to someone who worked on the case, but not_by keeps them from it",
                )
            )
    return problems
