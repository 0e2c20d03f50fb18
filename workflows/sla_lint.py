"""Save-time checks of the SLA constructs: a timer `until` must name a date field of the case."""

from __future__ import annotations

from councilflow.errors import DefinitionProblem, json_pointer
from workflows.field_types import field_types_from_schema
from workflows.graph import reachable_after, steps_by_id


def sla_lint(definition: dict, *, form_schema: dict | None) -> list[DefinitionProblem]:
    """Every `until` field is `data.<date answer>` or `task.<task step>.<date field of its form>`."""
    steps = steps_by_id(definition)
    answer_types = field_types_from_schema(form_schema) if form_schema is not None else None
    problems = []
    for index, step in enumerate(definition["steps"]):
        if step["type"] != "timer" or "until" not in step:
            continue
        pointer = json_pointer("steps", index, "until", "field")
        field = step["until"]["field"]
        problem = _until_field_problem(field, steps, answer_types)
        task_id = field.split(".")[1] if field.startswith("task.") else ""
        if not problem and task_id and step["id"] not in reachable_after(definition, task_id):
            problem = f'task "{task_id}" never runs before "{step["id"]}", so the date is always empty'
        if problem:
            problems.append(DefinitionProblem(pointer, problem))
    return problems


def _until_field_problem(name: str, steps: dict, answer_types: dict[str, str] | None) -> str:
    root, _, rest = name.partition(".")
    if root == "data":
        if answer_types is None:
            return ""  # checked when the definition is saved against its service's form
        return _type_problem(rest, answer_types, f"the form has: {', '.join(answer_types) or 'no fields'}")
    if root == "task":
        task_id, _, field = rest.partition(".")
        task = steps.get(task_id)
        if task is None or task["type"] != "task":
            return f'"{task_id}" is not a task step of this workflow'
        fields = field_types_from_schema(task.get("form", {}).get("schema"))
        return _type_problem(field, fields, f'task "{task_id}" has: {", ".join(fields) or "no form fields"}')
    return f'"{name}" is not a date from the case: use data.<answer> or task.<task step>.<field>'


def _type_problem(field: str, types: dict[str, str], listing: str) -> str:
    if field not in types:
        return f'unknown field "{field}" ({listing})'
    if types[field] != "date":
        return f'"{field}" is a {types[field]} field, not a date (a string with "format": "date")'
    return ""
