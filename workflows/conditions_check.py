"""The condition type checker: every operator, name and literal checked against the forms.

Runs in the lint when a definition is published, so a typo in a field name or an outcome
id is refused then rather than silently never matching.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from councilflow.errors import DefinitionProblem, json_pointer
from councilflow.json_limits import json_depth_problem
from workflows.conditions_eval import COMPARISONS, OPERATORS, value_as_date
from workflows.conditions_variables import CASE_VARIABLES
from workflows.field_types import literal_kind


@dataclass(frozen=True)
class _Scope:
    field_types: dict[str, str] | None
    field_enums: dict[str, list]
    field_item_types: dict[str, str]
    task_outcomes: dict[str, set[str]]
    task_fields: dict[str, dict[str, str]]


@dataclass(frozen=True)
class _Typed:
    kind: str  # a FIELD_TYPES entry, or "null" / "list" for literals
    source: str  # how to name it in a message: 'data.bags', 'the string "3"'
    path: str
    outcome_of: str | None = None
    enum: tuple | None = None  # its choices; for an array, its values' choices
    items: str = "any"  # for an array, the type of its values
    literal: tuple = field(default=())  # (value,) when it is a literal


def condition_check(
    expr: object,
    *,
    path: str,
    field_types: dict[str, str] | None,
    task_outcomes: dict[str, set[str]],
    task_fields: dict[str, dict[str, str]],
    field_enums: dict[str, list] | None = None,
    field_item_types: dict[str, str] | None = None,
) -> list[DefinitionProblem]:
    """Every problem in a condition: bad operators, unknown fields or outcomes, mismatched types.

    `field_types=None` means the case form is not known, so `data.*` names are not checked.
    """
    deep = json_depth_problem(expr, at=path)  # the checker recurses once per level
    if deep:
        return [deep]
    scope = _Scope(field_types, field_enums or {}, field_item_types or {}, task_outcomes, task_fields)
    problems: list[DefinitionProblem] = []
    typed = _infer(expr, path, scope, problems)
    if typed.kind not in ("boolean", "any"):
        problems.append(
            DefinitionProblem(path, f"a condition must be true or false; {typed.source} is {_a(typed.kind)}")
        )
    return problems


def value_check(
    value: object,
    *,
    path: str,
    field: str,
    field_types: dict[str, str],
    task_outcomes: dict[str, set[str]],
    task_fields: dict[str, dict[str, str]],
    field_enums: dict[str, list] | None = None,
    field_item_types: dict[str, str] | None = None,
) -> list[DefinitionProblem]:
    """Whether `value` (a literal or an expression) fits case field `field`, for set_field steps."""
    deep = json_depth_problem(value, at=path)
    if deep:
        return [deep]
    scope = _Scope(field_types, field_enums or {}, field_item_types or {}, task_outcomes, task_fields)
    problems: list[DefinitionProblem] = []
    typed = _infer(value, path, scope, problems)
    target = _Typed(field_types[field], f"data.{field}", path, enum=_enum(scope.field_enums.get(field)))
    if problems:
        return problems
    if typed.kind == "list" and target.kind == "array":
        return problems
    if not _comparable(target, typed):
        problems.append(DefinitionProblem(path, f'field "{field}" holds {_a(target.kind)}, not {typed.source}'))
    else:
        _literal_fits(target, typed, problems)
    return problems


def _infer(expr: object, path: str, scope: _Scope, problems: list[DefinitionProblem]) -> _Typed:
    if not isinstance(expr, dict):
        kind = literal_kind(expr)
        if kind == "list":
            return _Typed("list", f"the list {json.dumps(expr)}", path, literal=(expr,))
        return _Typed(kind, f"{'the ' + kind + ' ' if kind != 'null' else ''}{json.dumps(expr)}", path, literal=(expr,))
    if len(expr) != 1:
        problems.append(
            DefinitionProblem(path, f"a condition has exactly one operator, got {len(expr)} ({', '.join(expr)})")
        )
        return _Typed("any", "this expression", path)
    ((op, raw),) = expr.items()
    here = path + json_pointer(op)
    if op == "var":
        return _var_type(raw, here, scope, problems)
    if op not in OPERATORS:
        problems.append(DefinitionProblem(here, f'unknown operator "{op}" (operators: {", ".join(OPERATORS)})'))
        return _Typed("any", f'"{op}"', here)
    args = raw if isinstance(raw, list) else [raw]
    arg_paths = [here + json_pointer(i) for i in range(len(args))] if isinstance(raw, list) else [here]

    def arity(count: int) -> bool:
        if len(args) != count:
            noun = "argument" if count == 1 else "arguments"
            problems.append(DefinitionProblem(here, f'"{op}" needs {count} {noun}, got {len(args)}'))
            return False
        return True

    def inferred(index: int) -> _Typed:
        return _infer(args[index], arg_paths[index], scope, problems)

    if op in COMPARISONS:
        if arity(2):
            _comparison_check(op, inferred(0), inferred(1), here, problems)
        return _Typed("boolean", f'this "{op}"', here)
    if op in ("and", "or", "!"):
        if op == "!":
            arity(1)
        elif not args:
            problems.append(DefinitionProblem(here, f'"{op}" needs at least one condition'))
        for index, arg_path in enumerate(arg_paths):
            typed = inferred(index)
            if typed.kind not in ("boolean", "any"):
                hint = ' (use "empty" or "not_empty" to test for an answer)' if typed.kind != "null" else ""
                problems.append(
                    DefinitionProblem(
                        arg_path, f'"{op}" needs conditions (true or false); {typed.source} is {_a(typed.kind)}{hint}'
                    )
                )
        return _Typed("boolean", f'this "{op}"', here)
    if op == "in":
        if arity(2):
            _in_check(inferred(0), args[1], arg_paths, here, scope, problems)
        return _Typed("boolean", '"in"', here)
    if op == "contains":
        if arity(2):
            _contains_check(inferred(0), args[1], arg_paths, scope, problems)
        return _Typed("boolean", '"contains"', here)
    if op in ("empty", "not_empty"):
        if arity(1):
            inferred(0)
        return _Typed("boolean", f'"{op}"', here)
    if op == "today":
        if args:
            problems.append(DefinitionProblem(here, '"today" takes no arguments: {"today": []}'))
        return _Typed("date", "today's date", here)
    if op == "days_ago":
        if arity(1) and (isinstance(args[0], bool) or not isinstance(args[0], int) or args[0] < 0):
            problems.append(DefinitionProblem(arg_paths[0], '"days_ago" needs a whole number of days, 0 or more'))
        return _Typed("date", "a date", here)
    # working_days_since
    if arity(1):
        since = inferred(0)
        if since.kind not in ("date", "any") and not _is_date_literal(since):
            problems.append(
                DefinitionProblem(
                    arg_paths[0], f'"working_days_since" needs a date; {since.source} is {_a(since.kind)}'
                )
            )
    return _Typed("integer", "a number of working days", here)


def _in_check(
    needle: _Typed, options: object, arg_paths: list[str], path: str, scope: _Scope, problems: list[DefinitionProblem]
) -> None:
    """`in` tests one value against a literal list; an answer with several values needs `contains`."""
    if not isinstance(options, list):
        problems.append(
            DefinitionProblem(
                arg_paths[1],
                '"in" needs a literal list of values as its second argument; '
                'to test an answer with several values use "contains"',
            )
        )
        return
    if needle.kind == "array":
        problems.append(
            DefinitionProblem(arg_paths[0], f'"in" tests one value, but {needle.source} holds several; use "contains"')
        )
        return
    for index, item in enumerate(options):
        option = _infer(item, arg_paths[1] + json_pointer(index), scope, problems)
        _comparison_check("in", needle, option, path, problems)


def _contains_check(
    values: _Typed, needle: object, arg_paths: list[str], scope: _Scope, problems: list[DefinitionProblem]
) -> None:
    """`contains` tests an answer with several values (an array) for one literal value."""
    if values.kind not in ("array", "any"):
        problems.append(
            DefinitionProblem(
                arg_paths[0],
                f'"contains" needs an answer with several values (an array) as its first argument; '
                f'{values.source} is {_a(values.kind)} (to test one value use "==" or "in")',
            )
        )
    if needle is None or isinstance(needle, (dict, list)):
        problems.append(
            DefinitionProblem(
                arg_paths[1], '"contains" needs one literal value (text, a number or true/false) as its second argument'
            )
        )
        return
    if values.kind != "array":
        return
    value = _infer(needle, arg_paths[1], scope, problems)
    item = _Typed(values.items, values.source, values.path, enum=values.enum)
    if not _comparable(item, value):
        problems.append(
            DefinitionProblem(arg_paths[1], f"{values.source} holds {values.items} values, not {value.source}")
        )
    else:
        _literal_fits(item, value, problems)


def _var_type(name: object, path: str, scope: _Scope, problems: list[DefinitionProblem]) -> _Typed:
    def unknown(message: str) -> _Typed:
        problems.append(DefinitionProblem(path, message))
        return _Typed("any", f"{name}", path)

    if not isinstance(name, str):
        return unknown('"var" takes one dotted name such as "data.bin_type"')
    root, _, rest = name.partition(".")
    if root == "data":
        if scope.field_types is None:
            return _Typed("any", name, path)
        if rest not in scope.field_types:
            return unknown(f'unknown field "{rest}" (the form has: {", ".join(scope.field_types) or "no fields"})')
        enum = _enum(scope.field_enums.get(rest))
        return _Typed(scope.field_types[rest], name, path, enum=enum, items=scope.field_item_types.get(rest, "any"))
    if root == "outcomes":
        if rest not in scope.task_outcomes:
            return unknown(f'no task step "{rest}" (tasks: {", ".join(scope.task_outcomes) or "none"})')
        outcomes = _enum(sorted(scope.task_outcomes[rest]))
        return _Typed("string", f'the outcome of task "{rest}"', path, outcome_of=rest, enum=outcomes)
    if root == "task":
        step, _, field_name = rest.partition(".")
        if step not in scope.task_fields:
            return unknown(f'no task step "{step}" (tasks: {", ".join(scope.task_fields) or "none"})')
        fields = scope.task_fields[step]
        if field_name not in fields:
            listing = ", ".join(fields) if fields else "no form"
            return unknown(f'task "{step}" has no form field "{field_name}" (its form has: {listing})')
        return _Typed(fields[field_name], name, path)
    if root == "case":
        if rest not in CASE_VARIABLES:
            return unknown(f'unknown case variable "{rest}" (case variables: {", ".join(CASE_VARIABLES)})')
        kind, choices = CASE_VARIABLES[rest]
        return _Typed(kind, name, path, enum=choices)
    return unknown(f'unknown variable "{name}": names start with data., outcomes., task. or case.')


def _comparison_check(op: str, left: _Typed, right: _Typed, path: str, problems: list[DefinitionProblem]) -> None:
    if op in ("<", "<=", ">", ">="):
        for side in (left, right):
            if side.outcome_of:
                problems.append(DefinitionProblem(path, f'"{op}" cannot order outcomes; use "==" or "in"'))
                return
            if side.kind in ("boolean", "array", "object", "list", "null"):
                problems.append(DefinitionProblem(path, f'"{op}" cannot order {side.kind}s ({side.source})'))
                return
    if not _comparable(left, right):
        problems.append(DefinitionProblem(path, f"cannot compare {left.source} ({left.kind}) with {right.source}"))
        return
    _literal_fits(left, right, problems)
    _literal_fits(right, left, problems)


def _comparable(a: _Typed, b: _Typed) -> bool:
    kinds = {a.kind, b.kind}
    if "any" in kinds or "null" in kinds or a.kind == b.kind or kinds <= {"integer", "number"}:
        return True
    if kinds == {"date", "string"}:
        return _is_date_literal(a if a.kind == "string" else b)
    return False


def _literal_fits(known: _Typed, literal: _Typed, problems: list[DefinitionProblem]) -> None:
    """A literal compared with an outcome or a choice field must be one of its values."""
    if not literal.literal or literal.literal[0] is None:
        return
    value = literal.literal[0]
    if known.outcome_of is not None and known.enum is not None and value not in known.enum:
        problems.append(
            DefinitionProblem(
                literal.path,
                f'task "{known.outcome_of}" has no outcome {json.dumps(value)} (its outcomes: {", ".join(known.enum)})',
            )
        )
        return
    if known.outcome_of is None and known.enum is not None and value not in known.enum:
        choices = ", ".join(str(v) for v in known.enum)
        problems.append(
            DefinitionProblem(
                literal.path, f"{json.dumps(value)} is not one of the choices for {known.source} ({choices})"
            )
        )


def _is_date_literal(typed: _Typed) -> bool:
    return bool(typed.literal) and isinstance(typed.literal[0], str) and value_as_date(typed.literal[0]) is not None


def _enum(values: list | None) -> tuple | None:
    return tuple(values) if values is not None else None


def _a(kind: str) -> str:
    return {
        "integer": "an integer",
        "array": "an array",
        "object": "an object",
        "any": "a value",
        "null": "null",
        "list": "a list",
    }.get(kind, f"a {kind}")
