"""Assignment from data: a task's team chosen from an answer or an earlier task's field through a mapping.

`{"team_from": {"field": "data.area", "map": {"north": "waste-north"}, "default": "waste"}}`. The lint checks
the field exists (and, for a task field, that its task always runs first) and that the map's keys are among
the field's choices; the team slugs are checked with every other team the definition names.
"""

from __future__ import annotations

from typing import Any

from councilflow.errors import DefinitionProblem, json_pointer

from .field_types import field_enums_from_schema, field_types_from_schema
from .graph import reachable_from, steps_by_id


def answer_key(value: Any) -> str | None:
    """How an answer is looked up in a map: strings as they are, numbers as digits, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    return None


def team_from_resolve(rule: dict, context: dict) -> str:
    """The team slug for this case: the mapped answer, else the default (an empty or unmapped answer)."""
    value: Any = context
    for part in rule["field"].split("."):
        value = value.get(part) if isinstance(value, dict) else None
    key = answer_key(value)
    return rule["map"].get(key, rule["default"]) if key is not None else rule["default"]


def assignment_rules_lint(definition: dict, *, form_schema: dict | None) -> list[DefinitionProblem]:
    """Each `team_from` reads a field that exists and maps only values the field can have."""
    steps = steps_by_id(definition)
    problems = []
    for index, step in enumerate(definition["steps"]):
        rule = step.get("assign", {}).get("team_from") if step["type"] == "task" else None
        if rule is None:
            continue
        where = ("steps", index, "assign", "team_from")
        root, _, rest = rule["field"].partition(".")
        if root == "data":
            schema, name = form_schema, rest
            if schema is None:
                continue  # the service form is not known here: checked when it is
        else:
            task_id, _, name = rest.partition(".")
            earlier = steps.get(task_id)
            if earlier is None or earlier["type"] != "task":
                problems.append(DefinitionProblem(json_pointer(*where, "field"), f'"{task_id}" is not a task'))
                continue
            if task_id == step["id"] or step["id"] in reachable_from(definition, definition["start"], without=task_id):
                problems.append(
                    DefinitionProblem(
                        json_pointer(*where, "field"),
                        f'task "{task_id}" does not always come before "{step["id"]}", so its answer may not be there yet',
                    )
                )
                continue
            schema = earlier.get("form", {}).get("schema")
        types = field_types_from_schema(schema)
        if name not in types:
            problems.append(
                DefinitionProblem(
                    json_pointer(*where, "field"),
                    f'unknown field "{name}" (the form has: {", ".join(types) or "no fields"})',
                )
            )
            continue
        choices = field_enums_from_schema(schema).get(name)
        if choices is not None:
            known = {answer_key(c) for c in choices}
            for key in rule["map"]:
                if key not in known:
                    problems.append(
                        DefinitionProblem(
                            json_pointer(*where, "map", key),
                            f'"{key}" is not an answer "{name}" can have (choices: {", ".join(sorted(k for k in known if k))})',
                        )
                    )
    return problems
