"""Meaning checks on a structurally valid workflow definition: the graph, names and types.

Each problem is one line with the exact JSON pointer, so the designer's editor can jump
to it. Runs only after `validate` passes; it assumes the schema's shapes.
"""

from __future__ import annotations

from councilflow.errors import DefinitionProblem, json_pointer
from workflows.assignment_rules import assignment_rules_lint
from workflows.cancel_on import cancel_on_connector_problems
from workflows.conditions import (
    condition_check,
    expression_variables,
    field_enums_from_schema,
    field_item_types_from_schema,
    field_types_from_schema,
    value_check,
)
from workflows.duties import duties_lint
from workflows.graph import (
    end_step_ids,
    reachable_after,
    reachable_from,
    step_edges,
    step_indexes,
    steps_by_id,
    steps_reaching,
    task_outcome_ids,
)
from workflows.language import RESERVED_STEP_IDS
from workflows.multi_instance import multi_instance_lint
from workflows.notify_templates import notify_templates_lint
from workflows.parallel_regions import parallel_loops_lint, steps_in_parallel
from workflows.sla_lint import sla_lint
from workflows.step_types import step_types
from workflows.task_forms import task_form_problems
from workflows.team_references import step_team_references
from workflows.validate import problems_sorted
from workflows.withdrawal_lint import milestone_lint, withdrawal_lint


def workflow_definition_lint(
    definition: dict,
    *,
    form_schema: dict | None = None,
    teams: set[str] | None = None,
    connector_types: set[str] | None = None,
    council_connectors: set[str] | None = None,
) -> list[DefinitionProblem]:
    """Every meaning problem in a valid definition; unknown names are checked only when given."""
    problems = [
        *_ids_lint(definition),
        *_references_lint(definition),
        *_reachability_lint(definition),
        *_step_types_lint(definition),
        *_parallel_lint(definition),
        *parallel_loops_lint(definition),
        *task_form_problems(definition),
        *assignment_rules_lint(definition, form_schema=form_schema),
        *duties_lint(definition),
        *_connectors_lint(definition, connector_types),
        *cancel_on_connector_problems(definition, council_connectors=council_connectors),
        *_expressions_lint(definition, form_schema),
        *notify_templates_lint(definition, form_schema=form_schema),
        *sla_lint(definition, form_schema=form_schema),
        *multi_instance_lint(definition, form_schema=form_schema),
        *withdrawal_lint(definition),
        *milestone_lint(definition),
    ]
    if teams is not None:
        problems += _teams_lint(definition, teams)
    return problems_sorted(problems)


def _step_pointer(index: int, *parts: object) -> str:
    return json_pointer("steps", index, *parts)


def _ids_lint(definition: dict) -> list[DefinitionProblem]:
    problems = []
    first_index: dict[str, int] = {}
    for index, step in enumerate(definition["steps"]):
        step_id = step["id"]
        if step_id in RESERVED_STEP_IDS:
            problems.append(
                DefinitionProblem(_step_pointer(index, "id"), f'"{step_id}" is a reserved name; choose another step id')
            )
        if step_id in first_index:
            problems.append(
                DefinitionProblem(
                    _step_pointer(index, "id"),
                    f'duplicate step id "{step_id}" (also {_step_pointer(first_index[step_id])})',
                )
            )
        first_index.setdefault(step_id, index)
    return problems


def _references_lint(definition: dict) -> list[DefinitionProblem]:
    steps = steps_by_id(definition)
    problems = []
    for key in ("start", "reopen_to"):
        target = definition.get(key)
        if target is not None and target not in steps:
            problems.append(DefinitionProblem(json_pointer(key), f'unknown step "{target}"'))
    reopen = steps.get(definition.get("reopen_to"))
    if reopen is not None and reopen["type"] != "task":
        problems.append(
            DefinitionProblem(
                "/reopen_to", f'"{reopen["id"]}" is a {reopen["type"]} step; a reopened case must return to a task'
            )
        )
    for index, step in enumerate(definition["steps"]):
        for edge in step_edges(step):
            if edge.target not in steps:
                problems.append(DefinitionProblem(_step_pointer(index) + edge.pointer, f'unknown step "{edge.target}"'))
        if "timeout" in step and "next" not in step["timeout"]:
            problems.append(
                DefinitionProblem(
                    _step_pointer(index, "timeout", "next"), "a timeout needs a next step to go to when it expires"
                )
            )
    return problems


def _reachability_lint(definition: dict) -> list[DefinitionProblem]:
    steps = steps_by_id(definition)
    indexes = step_indexes(definition)
    if definition["start"] not in steps:
        return []  # reported as an unknown start; everything would look unreachable
    roots = {definition["start"]} | ({definition["reopen_to"]} if definition.get("reopen_to") in steps else set())
    reachable = reachable_from(definition, roots)
    problems = [
        DefinitionProblem(_step_pointer(index), f'step "{step_id}" can never be reached from the start')
        for step_id, index in indexes.items()
        if step_id not in reachable
    ]
    ends = end_step_ids(definition)
    if not ends:
        return [*problems, DefinitionProblem("/steps", "the workflow has no end step")]
    # A missing or unknown target is reported where it is; treat it as an exit to avoid a cascade.
    broken = {
        step_id
        for step_id, step in steps.items()
        if any(e.target not in steps for e in step_edges(step))
        or (step["type"] == "timer" and "next" not in step)
        or ("timeout" in step and "next" not in step["timeout"])
    }
    finishing = steps_reaching(definition, ends | broken)
    problems += [
        DefinitionProblem(_step_pointer(indexes[step_id]), f'no path from "{step_id}" to an end step')
        for step_id in reachable
        if step_id not in finishing
    ]
    return problems


def _step_types_lint(definition: dict) -> list[DefinitionProblem]:
    """Each step's own checks, from its type's module (workflows/step_types/)."""
    problems = []
    for index, step in enumerate(definition["steps"]):
        plugin = step_types.get(step["type"])
        if plugin is not None:
            problems += plugin.lint(definition, index, step)
    return problems


def _parallel_lint(definition: dict) -> list[DefinitionProblem]:
    steps = steps_by_id(definition)
    splits = [s for s in steps.values() if s["type"] == "split"]
    reach = {t: reachable_from(definition, t) for s in splits for t in s["branches"]}
    meets = {
        s["id"]: {j for j in steps if steps[j]["type"] == "join" and all(j in reach[t] for t in s["branches"])}
        for s in splits
    }
    problems = []
    for index, step in enumerate(definition["steps"]):
        if step["type"] == "split":
            if len(step["branches"]) < 2:
                problems.append(
                    DefinitionProblem(_step_pointer(index, "branches"), "a split needs at least 2 branches")
                )
            elif not meets[step["id"]]:
                problems.append(
                    DefinitionProblem(
                        _step_pointer(index), f'the branches of split "{step["id"]}" never meet at a join'
                    )
                )
        if step["type"] == "join" and not any(
            step["id"] in joins for split_id, joins in meets.items() if len(steps[split_id]["branches"]) >= 2
        ):
            problems.append(
                DefinitionProblem(
                    _step_pointer(index), f'join "{step["id"]}" is not reached from every branch of any split'
                )
            )
    return problems


def _connectors_lint(definition: dict, connector_types: set[str] | None) -> list[DefinitionProblem]:
    problems = []
    slots: list[str] = []
    for index, declared in enumerate(definition.get("connectors", [])):
        if declared["slot"] in slots:
            problems.append(
                DefinitionProblem(json_pointer("connectors", index, "slot"), f'duplicate slot "{declared["slot"]}"')
            )
        slots.append(declared["slot"])
        if connector_types is not None and declared["type"] not in connector_types:
            problems.append(
                DefinitionProblem(
                    json_pointer("connectors", index, "type"),
                    f'unknown connector type "{declared["type"]}" (types: {", ".join(sorted(connector_types))})',
                )
            )
    for index, step in enumerate(definition["steps"]):
        if "connector" in step and step["connector"] not in slots:
            problems.append(
                DefinitionProblem(
                    _step_pointer(index, "connector"),
                    f'no connector slot "{step["connector"]}" is declared (slots: {", ".join(slots) or "none"})',
                )
            )
    return problems


def _teams_lint(definition: dict, teams: set[str]) -> list[DefinitionProblem]:
    listing = ", ".join(sorted(teams)) or "none"
    problems = []
    for index, step in enumerate(definition["steps"]):
        # Every place a team is named (workflows/team_references.py), assignment maps included.
        for parts, team in step_team_references(step):
            if team not in teams:
                problems.append(
                    DefinitionProblem(
                        _step_pointer(index, *parts), f'no team "{team}" in this council (teams: {listing})'
                    )
                )
    return problems


def _expressions_lint(definition: dict, form_schema: dict | None) -> list[DefinitionProblem]:
    """Decision conditions and set_field values, type-checked against the forms."""
    field_types = field_types_from_schema(form_schema) if form_schema is not None else None
    scope = {
        "field_types": field_types,
        "field_enums": field_enums_from_schema(form_schema),
        "field_item_types": field_item_types_from_schema(form_schema),
        "task_outcomes": task_outcome_ids(definition),
        "task_fields": {
            s["id"]: field_types_from_schema(s.get("form", {}).get("schema"))
            for s in definition["steps"]
            if s["type"] == "task"
        },
    }
    problems = []
    for index, step in enumerate(definition["steps"]):
        if step["type"] == "decision":
            for b, branch in enumerate(step["branches"]):
                path = _step_pointer(index, "branches", b, "when")
                problems += condition_check(branch["when"], path=path, **scope)
                problems += _task_order_lint(definition, step["id"], branch["when"], path)
        if step["type"] == "set_field":
            path = _step_pointer(index, "value")
            if field_types is not None and step["field"] not in field_types:
                problems.append(
                    DefinitionProblem(
                        _step_pointer(index, "field"),
                        f'unknown field "{step["field"]}" (the form has: {", ".join(field_types) or "no fields"})',
                    )
                )
            elif field_types is not None:
                problems += value_check(step["value"], path=path, field=step["field"], **scope)
            problems += _task_order_lint(definition, step["id"], step["value"], path)
    return problems


def _task_order_lint(definition: dict, step_id: str, expr: object, path: str) -> list[DefinitionProblem]:
    """An outcome or task answer read before its task can have run is always empty."""
    steps = steps_by_id(definition)
    problems = []
    for pointer, name in expression_variables(expr, path):
        root, _, rest = name.partition(".")
        task_id = rest.partition(".")[0]
        if root in ("outcomes", "task") and steps.get(task_id, {}).get("type") == "task":
            # A task in another branch of the same split can have run (the branches run in any order).
            if step_id not in reachable_after(definition, task_id) and not steps_in_parallel(
                definition, task_id, step_id
            ):
                problems.append(
                    DefinitionProblem(
                        pointer, f'task "{task_id}" never runs before "{step_id}", so this is always empty'
                    )
                )
    return problems
