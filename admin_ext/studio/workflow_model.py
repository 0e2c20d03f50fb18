"""A workflow step as the builder's form fields, and back: pure functions over the definition JSON.

`step_values(step)` gives the flat string values a step's form shows; `step_apply(step, values)` writes
them onto a copy of the step. Only the keys a form shows are touched, so anything the builder cannot
show (translations of outcomes, task forms, future properties) survives every edit: the round trip
`step_apply(step, step_values(step)) == step` holds for every step of every library workflow.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from workflows.language import DURATION_UNITS

from .cancel_on_rows import cancel_on_apply, cancel_on_values

ASSIGN_RULES: tuple[str, ...] = ("team", "same_as", "least_loaded", "round_robin", "team_from")
MAX_TEAM_MAP = 200  # the language's maxProperties for a team_from map
# The builder's comparison words and the language operators they write.
CLAUSE_OPERATORS: dict[str, str] = {
    "==": "is",
    "!=": "is not",
    "in": "is one of",
    "contains": "includes",
    "<": "is less than",
    "<=": "is at most",
    ">": "is more than",
    ">=": "is at least",
    "empty": "is empty",
    "not_empty": "is not empty",
}
UNARY_OPERATORS = ("empty", "not_empty")
MAX_CLAUSES = 6
# Simple properties by step type: (form name, JSON path, kind). Lists (outcomes, branches...) are separate.
_COMMON: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("title", ("title",), "text"),
    ("description", ("description",), "text"),
)
STEP_PROPERTIES: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "task": (
        ("due", ("due",), "duration"),
        ("remind_before", ("remind_before",), "duration"),
        ("escalate_after", ("escalate", "after"), "duration"),
        ("escalate_to_team", ("escalate", "to_team"), "text"),
        ("escalate_role", ("escalate", "role"), "text"),
        ("escalate_priority", ("escalate", "priority"), "text"),
        ("escalate_notify", ("escalate", "notify"), "bool"),
        ("case_sla", ("case_sla",), "duration"),
        # Multiple instances (workflows/multi_instance.py): clearing every one of these removes the construct.
        ("multiple_for_each", ("multiple", "for_each"), "text"),
        ("multiple_count", ("multiple", "count"), "text"),
        ("multiple_order", ("multiple", "order"), "text"),
        ("multiple_complete", ("multiple", "complete"), "text"),
        ("multiple_at_least", ("multiple", "at_least"), "int"),
        ("only_at_status", ("only_at_status",), "text"),
    ),
    "decision": (("otherwise", ("otherwise",), "text"),),
    "split": (),
    "first_of": (),
    "join": (("mode", ("mode",), "text"), ("next", ("next",), "text")),
    "timer": (
        ("wait", ("wait",), "duration"),
        ("until_field", ("until", "field"), "text"),
        ("until_before", ("until", "before"), "duration"),
        ("until_after", ("until", "after"), "duration"),
        ("next", ("next",), "text"),
    ),
    "wait_for_customer": (
        ("reminder_after", ("reminder_after",), "duration"),
        ("timeout_after", ("timeout", "after"), "duration"),
        ("timeout_next", ("timeout", "next"), "text"),
        ("stops_clock", ("stops_clock",), "bool"),
        ("next", ("next",), "text"),
    ),
    "wait_for_reply": (
        ("connector", ("connector",), "text"),
        ("timeout_after", ("timeout", "after"), "duration"),
        ("timeout_next", ("timeout", "next"), "text"),
        ("stops_clock", ("stops_clock",), "bool"),
        ("next", ("next",), "text"),
    ),
    "connector": (("connector", ("connector",), "text"), ("next", ("next",), "text")),
    "set_status": (("status", ("status",), "text"), ("next", ("next",), "text")),
    "set_field": (("field", ("field",), "text"), ("value", ("value",), "json"), ("next", ("next",), "text")),
    "notify": (
        ("to", ("to",), "text"),
        ("subject", ("template", "subject"), "text"),
        ("body", ("template", "body"), "text"),
        ("cy_subject", ("translations", "cy", "subject"), "text"),
        ("cy_body", ("translations", "cy", "body"), "text"),
        ("next", ("next",), "text"),
    ),
    "end": (
        ("outcome", ("outcome",), "text"),
        ("resident_message", ("resident_message",), "text"),
        ("cy_resident_message", ("translations", "cy", "resident_message"), "text"),
    ),
    "include": (("fragment", ("fragment",), "text"),),
}
WORKFLOW_PROPERTIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("title", ("title",), "text"),
    ("description", ("description",), "text"),
    ("start", ("start",), "text"),
    ("sla", ("sla",), "duration"),
    ("reopen_to", ("reopen_to",), "text"),
    ("reopen_sla", ("reopen_sla",), "duration"),
    ("resolution_window", ("resolution_window", "working_days"), "int"),
    ("extensions_max_working_days", ("extensions", "max_working_days"), "int"),
    ("extensions_max_count", ("extensions", "max_count"), "int"),
    ("withdrawal_resident", ("withdrawal", "resident"), "bool"),
    ("withdrawal_before_status", ("withdrawal", "before_status"), "text"),
    ("withdrawal_message", ("withdrawal", "resident_message"), "text"),
    ("withdrawal_cy_message", ("withdrawal", "translations", "cy", "resident_message"), "text"),
)


class ValueRefused(ValueError):
    """A form value that cannot become JSON (e.g. a number field holding words); `name` is the field."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(message)


# ---- the whole document's own settings ----


def workflow_values(definition: dict) -> dict[str, str]:
    values = _properties_read(definition, WORKFLOW_PROPERTIES)
    slots = definition.get("connectors", [])
    values["connector_count"] = str(len(slots))
    for index, slot in enumerate(slots):
        values[f"connector-{index}-slot"] = slot.get("slot", "")
        values[f"connector-{index}-type"] = slot.get("type", "")
    return values


def workflow_apply(definition: dict, values: Mapping[str, str]) -> dict:
    """The definition with its settings (title, start, SLA, connector slots) from the form."""
    result = copy.deepcopy(definition)
    _properties_write(result, WORKFLOW_PROPERTIES, values)
    if "connector_count" in values:
        old = result.get("connectors", [])
        rows = []
        for index in range(_count(values, "connector_count") + 1):
            slot, kind = values.get(f"connector-{index}-slot", ""), values.get(f"connector-{index}-type", "")
            if values.get(f"connector-{index}-remove") or not (slot or kind):
                continue
            row = copy.deepcopy(old[index]) if index < len(old) else {}
            row.update({"slot": slot, "type": kind})
            rows.append(row)
        if rows or "connectors" in result:
            result["connectors"] = rows
    return result


# ---- one step ----


def step_values(step: dict, *, field_types: Mapping[str, str] | None = None) -> dict[str, str]:
    """The flat form values that show `step` (strings, as a browser posts them)."""
    step_type = step.get("type", "")
    values = {"id": step.get("id", ""), "type": step_type}
    values.update(_properties_read(step, (*_COMMON, *STEP_PROPERTIES.get(step_type, ()))))
    if step_type == "task":
        values.update(_task_values(step))
        values.update(cancel_on_values(step))
    elif step_type == "decision":
        values.update(_branches_values(step, field_types or {}))
    elif step_type == "split":
        branches = step.get("branches", [])
        values["split_count"] = str(len(branches))
        values.update({f"split-{i}": target for i, target in enumerate(branches)})
    elif step_type == "first_of":
        options = step.get("options", [])
        values["first_count"] = str(len(options))
        values.update({f"first-{i}": target for i, target in enumerate(options)})
    elif step_type == "include":
        values.update({f"exit-{name}": target for name, target in step.get("exits", {}).items()})
    return values


def step_apply(step: dict, values: Mapping[str, str], *, field_types: Mapping[str, str] | None = None) -> dict:
    """A copy of `step` with the form's values written on; keys the form does not show are kept."""
    result = copy.deepcopy(step)
    step_type = result.get("type", "")
    if values.get("id"):
        result["id"] = values["id"]
    _properties_write(result, (*_COMMON, *STEP_PROPERTIES.get(step_type, ())), values)
    if step_type == "task":
        _task_apply(result, values)
        cancel_on_apply(result, values, refuse=ValueRefused)
    elif step_type == "decision":
        _branches_apply(result, values, field_types or {})
    elif step_type == "split" and "split_count" in values:
        result["branches"] = [
            values[f"split-{i}"]
            for i in range(_count(values, "split_count") + 1)
            if values.get(f"split-{i}") and not values.get(f"split-{i}-remove")
        ]
    elif step_type == "first_of" and "first_count" in values:
        result["options"] = [
            values[f"first-{i}"]
            for i in range(_count(values, "first_count") + 1)
            if values.get(f"first-{i}") and not values.get(f"first-{i}-remove")
        ]
    elif step_type == "include":
        exits = result.setdefault("exits", {})
        for key, target in values.items():
            if key.startswith("exit-"):
                if target:
                    exits[key.removeprefix("exit-")] = target
                else:
                    exits.pop(key.removeprefix("exit-"), None)
    return result


def _task_values(step: dict) -> dict[str, str]:
    assign = step.get("assign", {})
    rule = next((r for r in ASSIGN_RULES if r in assign), "team")
    target = assign.get(rule, "")
    values = {
        "assign_rule": rule,
        "assign_target": target if isinstance(target, str) else "",
        "assign_role": assign.get("role", ""),
    }
    values.update(_team_from_values(assign.get("team_from")))
    values.update(_not_by_values(step.get("not_by")))
    nxt = step.get("next", "")
    values["next"] = nxt if isinstance(nxt, str) else ""
    outcomes = step.get("outcomes", [])
    values["outcome_count"] = str(len(outcomes))
    for index, outcome in enumerate(outcomes):
        values[f"outcome-{index}-id"] = outcome.get("id", "")
        values[f"outcome-{index}-label"] = outcome.get("label", "")
        values[f"outcome-{index}-resident_label"] = outcome.get("resident_label", "")
        values[f"outcome-{index}-next"] = nxt.get(outcome.get("id"), "") if isinstance(nxt, dict) else ""
    return values


def _task_apply(step: dict, values: Mapping[str, str]) -> None:
    if "assign_rule" in values:
        rule = values["assign_rule"]
        assign: dict[str, object] = {rule: values.get("assign_target", "")} if rule in ASSIGN_RULES else {}
        if rule == "team_from":
            assign = {"team_from": _team_from_apply(step.get("assign", {}).get("team_from"), values)}
        if rule == "team" and values.get("assign_role"):
            assign["role"] = values["assign_role"]
        # Keys the rule does not use (a future one) stay; the rules themselves are exclusive.
        for key, value in step.get("assign", {}).items():
            if key not in ASSIGN_RULES and key != "role":
                assign[key] = value
        step["assign"] = assign
    if "not_by_shown" in values:
        _write(step, ("not_by",), _not_by_apply(step.get("not_by"), values))
    if "outcome_count" not in values:
        return
    old = step.get("outcomes", [])
    old_next = step.get("next")
    outcomes, per_outcome = [], {}
    for index in range(_count(values, "outcome_count") + 1):
        outcome_id = values.get(f"outcome-{index}-id", "")
        label = values.get(f"outcome-{index}-label", "")
        if values.get(f"outcome-{index}-remove") or not (outcome_id or label):
            continue
        outcome = copy.deepcopy(old[index]) if index < len(old) else {}
        outcome["id"], outcome["label"] = outcome_id, label
        _write(outcome, ("resident_label",), values.get(f"outcome-{index}-resident_label", "") or None)
        outcomes.append(outcome)
        if values.get(f"outcome-{index}-next"):
            per_outcome[outcome_id] = values[f"outcome-{index}-next"]
    step["outcomes"] = outcomes
    if values.get("next"):
        step["next"] = values["next"]
    else:
        # Keys that name no outcome are the lint's to report, not the builder's to drop.
        kept = (
            {k: v for k, v in old_next.items() if k not in {o["id"] for o in outcomes}}
            if isinstance(old_next, dict)
            else {}
        )
        stale = {o.get("id") for o in old} - {o["id"] for o in outcomes}
        step["next"] = {**per_outcome, **{k: v for k, v in kept.items() if k not in stale}}


def _team_from_values(team_from: object) -> dict[str, str]:
    """Assignment from an answer: the question, the answer -> team rows and the default team."""
    team_from = team_from if isinstance(team_from, dict) else {}
    mapping = team_from.get("map") or {}
    mapping = mapping if isinstance(mapping, dict) else {}
    values = {
        "team_from_field": str(team_from.get("field", "")),
        "team_from_default": str(team_from.get("default", "")),
        "team_from_count": str(len(mapping)),
    }
    for index, (answer, team) in enumerate(mapping.items()):
        values[f"team_from-{index}-answer"], values[f"team_from-{index}-team"] = answer, str(team)
    return values


def _team_from_apply(old: object, values: Mapping[str, str]) -> dict:
    team_map: dict[str, str] = {}
    result: dict[str, object] = {"field": values.get("team_from_field", ""), "map": team_map}
    for index in range(min(_count(values, "team_from_count"), MAX_TEAM_MAP) + 1):
        answer = values.get(f"team_from-{index}-answer", "").strip()
        team = values.get(f"team_from-{index}-team", "")
        if values.get(f"team_from-{index}-remove") or not (answer or team):
            continue
        team_map[answer] = team
    if values.get("team_from_default"):
        result["default"] = values["team_from_default"]
    return result


def _not_by_values(not_by: object) -> dict[str, str]:
    """Separation of duties as ticks: "anyone on the case", or one per earlier task it names."""
    values = {"not_by_shown": "1", "not_by_anyone": "1" if not_by == "anyone_on_case" else ""}
    if isinstance(not_by, list):
        values.update({f"not_by-{task}": "1" for task in not_by if isinstance(task, str)})
    return values


def _not_by_apply(old: object, values: Mapping[str, str]) -> str | list[str] | None:
    if values.get("not_by_anyone"):
        return "anyone_on_case"
    ticked = [key.removeprefix("not_by-") for key, value in values.items() if key.startswith("not_by-") and value]
    # The stored order first, so an unchanged list saves back exactly as it was.
    kept = [task for task in old if task in ticked] if isinstance(old, list) else []
    return [*kept, *[task for task in ticked if task not in kept]] or None


# ---- decision branches and the condition builder ----


def _branches_values(step: dict, field_types: Mapping[str, str]) -> dict[str, str]:
    branches = step.get("branches", [])
    values = {"branch_count": str(len(branches))}
    for index, branch in enumerate(branches):
        values[f"branch-{index}-next"] = branch.get("next", "")
        clauses = condition_clauses(branch.get("when"), field_types)
        if clauses is None:
            values[f"branch-{index}-mode"] = "keep"
            continue
        join, rows = clauses
        values[f"branch-{index}-mode"] = "builder"
        values[f"branch-{index}-join"] = join
        for c, (var, op, text) in enumerate(rows):
            values[f"branch-{index}-c{c}-var"] = var
            values[f"branch-{index}-c{c}-op"] = op
            values[f"branch-{index}-c{c}-value"] = text
    return values


def _branches_apply(step: dict, values: Mapping[str, str], field_types: Mapping[str, str]) -> None:
    if "branch_count" not in values:
        return
    old = step.get("branches", [])
    branches = []
    for index in range(_count(values, "branch_count") + 1):
        prefix = f"branch-{index}-"
        if values.get(prefix + "remove"):
            continue
        branch = copy.deepcopy(old[index]) if index < len(old) else {}
        rows = [
            (
                values.get(f"{prefix}c{c}-var", ""),
                values.get(f"{prefix}c{c}-op", ""),
                values.get(f"{prefix}c{c}-value", ""),
            )
            for c in range(MAX_CLAUSES)
        ]
        rows = [row for row in rows if row[0]]
        if index >= len(old) and not rows and not values.get(prefix + "next"):
            continue  # the blank "add a branch" row
        if values.get(prefix + "mode") != "keep" or rows:
            branch["when"] = condition_build(values.get(prefix + "join", "and"), rows, field_types, prefix)
        _write(branch, ("next",), values.get(prefix + "next") or None)
        branches.append(branch)
    step["branches"] = branches


def condition_clauses(expr: object, field_types: Mapping[str, str]) -> tuple[str, list[tuple[str, str, str]]] | None:
    """The builder rows ([question] [operator] [value], joined by and/or) for a condition, or None
    when the condition is written in a shape the rows cannot show (it is then kept exactly as written)."""
    if expr is True:
        return "and", []
    if isinstance(expr, dict) and len(expr) == 1 and next(iter(expr)) in ("and", "or"):
        ((join, parts),) = expr.items()
        if not isinstance(parts, list) or len(parts) < 2 or len(parts) > MAX_CLAUSES:
            return None
        rows = [_clause_read(part, field_types) for part in parts]
        if any(row is None or _is_group(part) for row, part in zip(rows, parts, strict=True)):
            return None
        return join, [row for row in rows if row is not None]
    row = _clause_read(expr, field_types)
    return None if row is None else ("and", [row])


def condition_build(
    join: str, rows: list[tuple[str, str, str]], field_types: Mapping[str, str], prefix: str = ""
) -> object:
    """The language's condition for the builder rows; `true` (always) when there are none."""
    clauses = [
        _clause_write(var, op, text, field_types, f"{prefix}c{n}-value") for n, (var, op, text) in enumerate(rows)
    ]
    if not clauses:
        return True
    if len(clauses) == 1:
        return clauses[0]
    return {join if join in ("and", "or") else "and": clauses}


def _is_group(part: object) -> bool:
    return isinstance(part, dict) and bool(set(part) & {"and", "or"})


def _clause_read(expr: object, field_types: Mapping[str, str]) -> tuple[str, str, str] | None:
    if not isinstance(expr, dict) or len(expr) != 1:
        return None
    ((op, args),) = expr.items()
    if op not in CLAUSE_OPERATORS:
        return None
    if op in UNARY_OPERATORS:
        if isinstance(args, list) and len(args) == 1 and _var_name(args[0]):
            return _var_name(args[0]), op, ""
        return None
    if not isinstance(args, list) or len(args) != 2 or not _var_name(args[0]):
        return None
    var, literal = _var_name(args[0]), args[1]
    if op == "in":
        if not isinstance(literal, list) or not literal:
            return None
        texts = [_literal_text(item, _kind(var, field_types)) for item in literal]
        if any(t is None or "," in t for t in texts):
            return None
        return var, op, ", ".join(t for t in texts if t is not None)
    kind = _item_kind(var, field_types) if op == "contains" else _kind(var, field_types)
    text = _literal_text(literal, kind)
    return None if text is None else (var, op, text)


def _clause_write(var: str, op: str, text: str, field_types: Mapping[str, str], name: str) -> dict:
    if op not in CLAUSE_OPERATORS:
        raise ValueRefused(name, f'"{op}" is not a comparison the builder knows')
    if op in UNARY_OPERATORS:
        return {op: [{"var": var}]}
    if op == "in":
        items = [part.strip() for part in text.split(",") if part.strip()]
        if not items:
            raise ValueRefused(name, "give one or more values, separated by commas")
        return {op: [{"var": var}, [_literal_parse(item, _kind(var, field_types), name) for item in items]]}
    kind = _item_kind(var, field_types) if op == "contains" else _kind(var, field_types)
    return {op: [{"var": var}, _literal_parse(text, kind, name)]}


def _var_name(expr: object) -> str:
    if isinstance(expr, dict) and list(expr) == ["var"] and isinstance(expr["var"], str):
        return expr["var"]
    return ""


def _kind(var: str, field_types: Mapping[str, str]) -> str:
    """What a builder value means for this variable: a form answer's type; outcomes are words."""
    root, _, name = var.partition(".")
    if root == "data":
        return field_types.get(name, "any")
    return "string" if root in ("outcomes", "case") else "any"


def _item_kind(var: str, field_types: Mapping[str, str]) -> str:
    kind = _kind(var, field_types)
    return "string" if kind == "array" else kind


def _literal_text(value: object, kind: str) -> str | None:
    """A literal as the text box shows it; None when that text would read back as something else."""
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        back = _literal_parse(text, kind, "")
    except ValueRefused:
        return None
    same = back == value and type(back) is type(value)
    return text if same and text == text.strip() and text else None


def _literal_parse(text: str, kind: str, name: str) -> object:
    """The text box's value as the JSON the variable's type needs (yes/no, numbers, words)."""
    text = text.strip()
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("true", "yes"):
            return True
        if lowered in ("false", "no"):
            return False
        raise ValueRefused(name, "give yes or no")
    if kind in ("integer", "number"):
        try:
            number = json.loads(text)
        except json.JSONDecodeError:
            number = None
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ValueRefused(name, "give a number")
        return number
    if kind in ("string", "date"):
        return text
    # A variable of unknown type: JSON literals (true, 3, null) as themselves, anything else as words.
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return text
    return value if isinstance(value, (bool, int, float)) or value is None else text


# ---- simple properties ----


def _properties_read(obj: dict, properties: tuple[tuple[str, tuple[str, ...], str], ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, path, kind in properties:
        value = _read(obj, path)
        if kind == "duration":
            unit, amount = next(iter(value.items())) if isinstance(value, dict) and len(value) == 1 else ("", "")
            values[f"{name}_amount"], values[f"{name}_unit"] = str(amount), unit
        elif kind == "bool":
            values[name] = "" if value is None else json.dumps(value)
        elif kind == "json":
            values[name] = "" if value is None else json.dumps(value, ensure_ascii=False)
        elif kind == "int":
            values[name] = "" if value is None else json.dumps(value)
        else:
            values[name] = "" if value is None else str(value)
    return values


def _properties_write(
    obj: dict, properties: tuple[tuple[str, tuple[str, ...], str], ...], values: Mapping[str, str]
) -> None:
    for name, path, kind in properties:
        if kind == "duration":
            if f"{name}_amount" not in values:
                continue
            _write(obj, path, _duration_parse(values, name))
            continue
        if name not in values:
            continue  # a form that does not show the property leaves it alone
        text = values[name]
        if kind == "bool":
            _write(obj, path, {"true": True, "false": False}.get(text))
        elif kind == "json":
            _write(obj, path, _json_parse(text, name))
        elif kind == "int":
            _write(obj, path, _int_parse(text, name))
        else:
            _write(obj, path, text or None)


def _duration_parse(values: Mapping[str, str], name: str) -> dict | None:
    amount, unit = values.get(f"{name}_amount", "").strip(), values.get(f"{name}_unit", "")
    if not amount:
        return None
    if unit not in DURATION_UNITS:
        raise ValueRefused(f"{name}_unit", "choose working days, working hours, days or hours")
    if not amount.isdigit():
        raise ValueRefused(f"{name}_amount", "give a whole number")
    return {unit: int(amount)}


def _int_parse(text: str, name: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueRefused(name, "give a whole number")
    return int(text)


def _json_parse(text: str, name: str) -> object:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        # Plain words are the common case (a set_field value); they mean the string itself.
        return text


def _read(obj: dict, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def _write(obj: dict, path: tuple[str, ...], value: object) -> None:
    """Set the value at `path`, or (for None) remove it and any parent that it alone kept non-empty."""
    if value is None:
        parents = [obj]
        for key in path[:-1]:
            child = parents[-1].get(key)
            if not isinstance(child, dict):
                return
            parents.append(child)
        if path[-1] not in parents[-1]:
            return
        del parents[-1][path[-1]]
        for depth in range(len(path) - 1, 0, -1):
            if parents[depth]:
                break
            del parents[depth - 1][path[depth - 1]]
        return
    for key in path[:-1]:
        if not isinstance(obj.get(key), dict):
            obj[key] = {}
        obj = obj[key]
    obj[path[-1]] = value


def _count(values: Mapping[str, str], name: str) -> int:
    text = values.get(name, "0")
    return min(int(text), 200) if text.isdigit() else 0


# ---- the whole document ----


def workflow_model(definition: dict, *, field_types: Mapping[str, str] | None = None) -> dict:
    """The builder's structure of a definition: its settings' values and every step's (fragments' too)."""
    return {
        "settings": workflow_values(definition),
        "steps": [step_values(step, field_types=field_types) for step in definition.get("steps", [])],
        "fragments": {
            name: [step_values(step, field_types=field_types) for step in fragment.get("steps", [])]
            for name, fragment in definition.get("fragments", {}).items()
        },
    }


def workflow_from_model(definition: dict, model: dict, *, field_types: Mapping[str, str] | None = None) -> dict:
    """`definition` with every value of the builder's structure written back (the builder's save path)."""
    result = workflow_apply(definition, model["settings"])
    result["steps"] = [
        step_apply(step, values, field_types=field_types)
        for step, values in zip(result.get("steps", []), model["steps"], strict=True)
    ]
    for name, rows in model["fragments"].items():
        fragment = result["fragments"][name]
        fragment["steps"] = [
            step_apply(step, values, field_types=field_types)
            for step, values in zip(fragment["steps"], rows, strict=True)
        ]
    return result
