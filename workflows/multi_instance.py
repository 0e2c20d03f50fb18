"""Multiple instances of a task: one per item of a list from the case, or N copies where N comes from the case.

`"multiple": {"for_each": "data.rooms", "order": "parallel", "complete": "at_least", "at_least": 2}` on a task
step. Each instance is its own officer task (its own queue row, owner and outcome) carrying the item it is about;
the step goes on when all, any or at least k instances are done, and the others are cancelled. Here: the
language's words for it, the save-time checks and the item reading the engine and the dry run share.
"""

from __future__ import annotations

from typing import Any

from councilflow.errors import DefinitionProblem, json_pointer
from workflows.field_types import field_types_from_schema, form_fields
from workflows.graph import reachable_after, steps_by_id

MAX_INSTANCES = 100  # one case never fans out to more officer tasks than this
ORDERS = ("parallel", "sequential")
COMPLETIONS = ("all", "any", "at_least")
_LIST_PATH = r"^(data\.[A-Za-z_][A-Za-z0-9_]*|task\.[a-z][a-z0-9_]{0,39}\.[A-Za-z_][A-Za-z0-9_]*)$"

MULTIPLE_SCHEMA: dict = {
    "type": "object",
    "properties": {
        "for_each": {"type": "string", "pattern": _LIST_PATH},
        "count": {"type": "string", "pattern": _LIST_PATH},
        "order": {"enum": list(ORDERS)},
        "complete": {"enum": list(COMPLETIONS)},
        "at_least": {"type": "integer", "minimum": 1, "maximum": MAX_INSTANCES},
    },
    "additionalProperties": False,
}


def multiple_validate(multiple: dict, where: tuple) -> list[DefinitionProblem]:
    """What the schema leaves open: exactly one source, and `at_least` exactly when complete is "at_least"."""
    problems = []
    pointer = json_pointer(*where, "multiple")
    sources = [key for key in ("for_each", "count") if key in multiple]
    if not sources:
        problems.append(DefinitionProblem(pointer, 'say what the instances are: "for_each" a list or "count"'))
    elif len(sources) == 2:
        problems.append(
            DefinitionProblem(json_pointer(*where, "multiple", "count"), 'give "for_each" or "count", not both')
        )
    complete = multiple.get("complete", "all")
    if complete == "at_least" and "at_least" not in multiple:
        problems.append(DefinitionProblem(pointer, '"complete": "at_least" needs "at_least": the number to wait for'))
    if complete != "at_least" and "at_least" in multiple:
        problems.append(
            DefinitionProblem(
                json_pointer(*where, "multiple", "at_least"),
                f'"at_least" only counts with "complete": "at_least", not "{complete}"',
            )
        )
    return problems


def multi_instance_lint(definition: dict, *, form_schema: dict | None) -> list[DefinitionProblem]:
    """The list (or count) must be a field of the case of the right type, known before the task; k must be reachable."""
    steps = steps_by_id(definition)
    answers = form_fields(form_schema) if form_schema is not None else None
    problems = []
    for index, step in enumerate(definition["steps"]):
        multiple = step.get("multiple") if step["type"] == "task" else None
        if not isinstance(multiple, dict):
            continue
        where = ("steps", index, "multiple")
        if isinstance(step["next"], dict):
            problems.append(
                DefinitionProblem(
                    json_pointer("steps", index, "next"),
                    "a task with multiple instances goes on to one step (route on its results with a decision)",
                )
            )
        key = "for_each" if "for_each" in multiple else "count"
        if key not in multiple:
            continue
        wanted = "array" if key == "for_each" else "integer"
        problem, field_schema = _source_problem(multiple[key], wanted, step, steps, answers, definition)
        if problem:
            problems.append(DefinitionProblem(json_pointer(*where, key), problem))
        at_least = multiple.get("at_least")
        limit = field_schema.get("maxItems" if key == "for_each" else "maximum") if field_schema else None
        if isinstance(at_least, int) and isinstance(limit, int) and at_least > limit:
            problems.append(
                DefinitionProblem(
                    json_pointer(*where, "at_least"),
                    f"at least {at_least} can never be done: {multiple[key]} allows at most {limit}",
                )
            )
        if isinstance(limit, int) and limit > MAX_INSTANCES:
            problems.append(
                DefinitionProblem(
                    json_pointer(*where, key),
                    f"{multiple[key]} allows {limit}; a task makes at most {MAX_INSTANCES} instances",
                )
            )
    return problems


def _source_problem(
    name: str, wanted: str, step: dict, steps: dict, answers: dict[str, dict] | None, definition: dict
) -> tuple[str, dict | None]:
    """Why `name` cannot give the instances ("" when it can), and the field's schema when known."""
    root, _, rest = name.partition(".")
    if root == "data":
        if answers is None:
            return "", None  # checked when the definition is saved against its service's form
        fields, listing = answers, f"the form has: {', '.join(answers) or 'no fields'}"
        field = rest
    else:
        task_id, _, field = rest.partition(".")
        task = steps.get(task_id)
        if task is None or task["type"] != "task":
            return f'"{task_id}" is not a task step of this workflow', None
        if step["id"] not in reachable_after(definition, task_id):
            return f'task "{task_id}" never runs before "{step["id"]}", so the list is always empty', None
        fields = form_fields(task.get("form", {}).get("schema"))
        listing = f'task "{task_id}" has: {", ".join(fields) or "no form fields"}'
    if field not in fields:
        return f'unknown field "{field}" ({listing})', None
    kind = field_types_from_schema({"properties": {field: fields[field]}})[field]
    if kind != wanted:
        words = "a list (a repeatable group or checkboxes)" if wanted == "array" else "a whole number"
        article = "an" if kind[0] in "aeiou" else "a"
        return f'"{field}" is {article} {kind} field, not {words}', fields[field]
    return "", fields[field]


def instances_items(multiple: dict, context: dict) -> list[Any]:
    """The items the instances are about (for `count`, the numbers 1..N), at most MAX_INSTANCES.

    Read from the case when the task opens; a missing or unreadable value makes no instances.
    """
    value: Any = context
    for part in multiple.get("for_each", multiple.get("count", "")).split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if "count" in multiple:
        number = value if isinstance(value, int) and not isinstance(value, bool) else 0
        return list(range(1, max(0, min(number, MAX_INSTANCES)) + 1))
    return list(value[:MAX_INSTANCES]) if isinstance(value, list) else []


def instances_needed(multiple: dict, total: int) -> int:
    """How many done instances finish the step (never more than there are)."""
    complete = multiple.get("complete", "all")
    wanted = {"all": total, "any": 1}.get(complete, multiple.get("at_least", total))
    return min(wanted, total)


def instances_enough_reason(multiple: dict, total: int) -> str:
    """Why the completion rule cancelled the instances still open, after "cancelled: " on the timeline."""
    if multiple.get("complete") == "any":
        return "another instance was done (any one is enough)"
    needed = instances_needed(multiple, total)
    return f"{needed} instances were done (at least {multiple.get('at_least', needed)} of {total} are enough)"


def instance_data(multiple: dict, items: list, index: int) -> dict:
    """What an instance's engine task carries: its item, its place, and its words for the queue."""
    item = items[index]
    return {
        "instance": {
            "index": index,
            "of": len(items),
            "item": item,
            "label": instance_label(item, index=index, of=len(items), counting="count" in multiple),
        }
    }


def instance_label(item: Any, *, index: int, of: int, counting: bool = False) -> str:
    """The instance's line on the task row: "2 of 3: Kitchen, 12" (at most 200 characters)."""
    if counting:
        return f"{index + 1} of {of}"
    if isinstance(item, dict):
        words = ", ".join(str(v) for v in item.values() if isinstance(v, str | int | float) and not isinstance(v, bool))
    elif isinstance(item, list):
        words = ", ".join(str(v) for v in item)
    else:
        words = "" if item is None else str(item)
    text = f"{index + 1} of {of}: {words}" if words else f"{index + 1} of {of}"
    return text if len(text) <= 200 else text[:199] + "…"


def multiple_describe(multiple: dict) -> str:
    """The construct in words, for the diagram and the dry run."""
    source = f"one per item of {multiple['for_each']}" if "for_each" in multiple else f"{multiple.get('count')} copies"
    order = "one after another" if multiple.get("order") == "sequential" else "in parallel"
    complete = multiple.get("complete", "all")
    done = {"all": "all are done", "any": "any one is done"}.get(complete, f"{multiple.get('at_least')} are done")
    return f"{source}, {order}; goes on when {done}"


def instance_item_rows(step: dict, item: Any, *, form_schema: dict | None) -> list[tuple[str, str]]:
    """The item's answers as (label, value) rows for the task page, labelled by the form's titles where known."""
    if not isinstance(item, dict):
        return []
    root, _, rest = step.get("multiple", {}).get("for_each", "").partition(".")
    # A task form's list is labelled by its keys: the step alone does not carry the other task's form.
    item_schema = (form_fields(form_schema).get(rest) or {}).get("items") if root == "data" else None
    titles = {
        name: sub.get("title", "")
        for name, sub in ((item_schema or {}).get("properties") or {}).items()
        if isinstance(sub, dict)
    }
    rows = []
    for key, value in item.items():
        text = ", ".join(str(v) for v in value) if isinstance(value, list) else "" if value is None else str(value)
        rows.append((titles.get(key) or key.replace("_", " ").capitalize(), text))
    return rows
