"""task: work for an officer, with outcomes, an optional form, assignment, due dates, reminders and escalation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from viewflow import this
from viewflow.workflow import flow

from councilflow.errors import DefinitionProblem, json_pointer
from form_definitions.regex import meta_format_checker, schema_regex_problems
from workflows import runtime
from workflows.cancel_on import cancel_on_caption, cancel_on_dry_run, cancel_on_problems
from workflows.compile_nodes import node_next, node_title, route_node_name, timers_attach
from workflows.dry_run_walk import Stop, Walk, walk_entry
from workflows.engine_adapter import officer_task_view
from workflows.graph import reachable_from, steps_by_id
from workflows.language_vocabulary import CASE_STATUSES
from workflows.multi_instance import MULTIPLE_SCHEMA, multiple_describe, multiple_validate
from workflows.multi_instance_compile import multi_instance_compile
from workflows.multi_instance_dry_run import multi_instance_dry_run
from workflows.working_days import duration_add

from .base import StepType
from .registry import step_types


@step_types.register("task")
class TaskStep(StepType):
    summary = "work for an officer: outcomes, an optional form, assignment, due date, reminders, escalation"
    properties = {
        "assign": {"$ref": "#/$defs/assign"},
        "not_by": {"$ref": "#/$defs/not_by"},
        "outcomes": {
            "type": "array",
            "items": {"$ref": "#/$defs/outcome"},
            "minItems": 1,
            "maxItems": 20,
            "x-errors": {"minItems": "a task needs at least one outcome"},
        },
        "form": {"$ref": "#/$defs/form"},
        "due": {"$ref": "#/$defs/duration"},
        "remind_before": {"$ref": "#/$defs/duration"},
        "escalate": {"$ref": "#/$defs/escalate"},
        "cancel_on": {"$ref": "#/$defs/cancel_on"},
        # A milestone task: it can be claimed and completed only while the case is at this status.
        "only_at_status": {"enum": list(CASE_STATUSES)},
        # A new stage: when this task opens, the case's due date becomes this long from then.
        "case_sla": {"$ref": "#/$defs/duration"},
        # One instance per item of a list, or N copies (workflows/multi_instance.py).
        "multiple": MULTIPLE_SCHEMA,
        "next": {"$ref": "#/$defs/task_next"},
    }
    required = ("title", "assign", "outcomes", "next")

    def validate(self, step: dict, where: tuple) -> list[DefinitionProblem]:
        """What the schema cannot say about a task: unique outcome ids and a valid form schema."""
        problems = []
        seen: set[str] = set()
        for index, outcome in enumerate(step["outcomes"]):
            if outcome["id"] in seen:
                problems.append(
                    DefinitionProblem(
                        json_pointer(*where, "outcomes", index, "id"), f'duplicate outcome "{outcome["id"]}"'
                    )
                )
            seen.add(outcome["id"])
        if "multiple" in step:
            problems += multiple_validate(step["multiple"], where)
        form_schema = step.get("form", {}).get("schema")
        if form_schema is not None:
            try:
                Draft202012Validator.check_schema(form_schema, format_checker=meta_format_checker())
            except SchemaError as error:
                path = json_pointer(*where, "form", "schema", *error.path)
                problems.append(DefinitionProblem(path, f"not a valid JSON Schema: {error.message}"))
            else:
                # The same rule as service forms: only patterns the linear-time engine (RE2) can run.
                problems += schema_regex_problems(form_schema, *where, "form", "schema")
            if form_schema.get("type", "object") != "object":
                problems.append(
                    DefinitionProblem(
                        json_pointer(*where, "form", "schema", "type"),
                        'a task form schema must have "type": "object"',
                    )
                )
        return problems + cancel_on_problems(step, where)

    def lint(self, definition: dict, index: int, step: dict) -> list[DefinitionProblem]:
        """Every outcome routed, reminders and escalations that can mean what they say, a sound `same_as`."""
        problems = []
        outcome_ids = [o["id"] for o in step["outcomes"]]
        if isinstance(step["next"], dict):
            for outcome_id in outcome_ids:
                if outcome_id not in step["next"]:
                    problems.append(
                        DefinitionProblem(
                            json_pointer("steps", index, "next"), f'outcome "{outcome_id}" has no next step'
                        )
                    )
            for key in step["next"]:
                if key not in outcome_ids:
                    problems.append(
                        DefinitionProblem(
                            json_pointer("steps", index, "next", key),
                            f'"{key}" is not an outcome of this task (outcomes: {", ".join(outcome_ids)})',
                        )
                    )
        problems += _timing_lint(step, index)
        same_as = step["assign"].get("same_as")
        if same_as is not None:
            problems += _same_as_lint(definition, step, same_as, json_pointer("steps", index, "assign", "same_as"))
        return problems

    def compile(self, step: dict) -> dict[str, Any]:
        if "multiple" in step:
            return multi_instance_compile(step)
        node = flow.View(officer_task_view).onCreate(runtime.task_created_hook(step))
        node.task_title = node_title(step)
        timers_attach(node, step)
        node.task_description = step.get("description", "")
        target = step["next"]
        if isinstance(target, str):
            return {step["id"]: node_next(node, target)}
        route = flow.Switch()
        for outcome_id, destination in target.items():
            route = route.Case(getattr(this, destination), runtime.outcome_is(step["id"], outcome_id))
        route.task_title = f"Route on {step.get('title', step['id'])}"
        return {step["id"]: node_next(node, route_node_name(step["id"])), route_node_name(step["id"]): route}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime] | Stop:
        if "multiple" in step:
            return multi_instance_dry_run(walk, step, clock)
        due = duration_add(clock, step["due"], region=walk.region) if "due" in step else None
        labels = {o["id"]: o["label"] for o in step["outcomes"]}
        outcome = walk.outcomes.get(step["id"])
        if outcome is None:
            walk_entry(walk, step, clock, due=due, note="waits for the officer's outcome")
            return Stop("blocked", step["id"], clock)
        interrupted = cancel_on_dry_run(step, outcome)
        if interrupted is not None:
            target, note = interrupted
            walk_entry(walk, step, clock, due=due, note=note)
            return target, clock
        if outcome not in labels:
            walk_entry(
                walk,
                step,
                clock,
                due=due,
                note=f'"{outcome}" is not an outcome of this task (outcomes: {", ".join(labels)})',
            )
            return Stop("blocked", step["id"], clock)
        walk_entry(walk, step, clock, due=due, note=f"outcome: {labels[outcome]}")
        walk.done[step["id"]] = outcome
        nxt = step["next"]
        return (nxt[outcome] if isinstance(nxt, dict) else nxt), clock

    def diagram_caption(self, step: dict) -> str:
        captions = [multiple_describe(step["multiple"]) if "multiple" in step else "", cancel_on_caption(step)]
        return "; ".join(caption for caption in captions if caption)


def _timing_lint(step: dict, index: int) -> list[DefinitionProblem]:
    """Reminders and escalations that could never mean what they say (compared only within one unit)."""
    problems = []
    due = step.get("due")
    for key, duration in (
        ("remind_before", step.get("remind_before")),
        ("escalate", step.get("escalate", {}).get("after")),
    ):
        if due is None or duration is None or set(due) != set(duration):
            continue
        (unit, due_amount), (_, amount) = next(iter(due.items())), next(iter(duration.items()))
        if key == "remind_before" and amount >= due_amount:
            problems.append(
                DefinitionProblem(
                    json_pointer("steps", index, "remind_before"),
                    f"the reminder would come before the task starts (it is due after {due_amount} {unit.replace('_', ' ')})",
                )
            )
        if key == "escalate" and amount < due_amount:
            problems.append(
                DefinitionProblem(
                    json_pointer("steps", index, "escalate", "after"),
                    f"the task would be escalated before it is due (due after {due_amount} {unit.replace('_', ' ')})",
                )
            )
    return problems


def _same_as_lint(definition: dict, step: dict, same_as: str, pointer: str) -> list[DefinitionProblem]:
    """`same_as` copies the owner of a task that has always run before this one."""
    steps = steps_by_id(definition)
    earlier = steps.get(same_as)
    if earlier is None:
        return [DefinitionProblem(pointer, f'unknown step "{same_as}"')]
    if same_as == step["id"]:
        return [DefinitionProblem(pointer, "a task cannot be assigned the same as itself")]
    if earlier["type"] != "task":
        return [DefinitionProblem(pointer, f'"{same_as}" is a {earlier["type"]} step, not a task')]
    if definition["start"] in steps and step["id"] in reachable_from(definition, definition["start"], without=same_as):
        return [
            DefinitionProblem(
                pointer, f'task "{same_as}" does not always come before "{step["id"]}", so it may have no owner to copy'
            )
        ]
    return []
