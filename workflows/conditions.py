"""Declarative JSON-Logic-style conditions: a small evaluator (never `eval`) and a type checker.

The checker runs when a definition is published, against the form schemas, so a typo
in a field name or an outcome id is refused then rather than silently never matching.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from councilflow.errors import DefinitionProblem, json_pointer
from workflows.language import CASE_CHANNELS, CASE_STATUSES
from workflows.working_days import DEFAULT_REGION, working_days_between

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
OPERATORS: tuple[str, ...] = (
    *COMPARISONS, "and", "or", "!", "in", "empty", "not_empty", "today", "days_ago", "working_days_since", "var",
)
VARIABLE_ROOTS = ("data", "outcomes", "task", "case")
# What `case.<name>` may read (the runtime's case context), with its type and choices.
CASE_VARIABLES: dict[str, tuple[str, tuple | None]] = {
    "channel": ("string", CASE_CHANNELS),
    "reference": ("string", None),
    "status": ("string", (*CASE_STATUSES, "resolved", "closed", "reopened")),
    "submitted": ("date", None),
}
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "array", "object", "any")

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class ConditionInvalid(ValueError):
    """A malformed expression reached the evaluator; the lint should have refused it."""


# ---------------------------------------------------------------- evaluation


def condition_evaluate(
    expr: object, context: dict, *, today: date | None = None, region: str = DEFAULT_REGION
) -> bool:
    """Whether `expr` holds for `context` ({"data", "outcomes", "task", "case"})."""
    return _truthy(_evaluate(expr, context, today or date.today(), region))


def expression_value(
    expr: object, context: dict, *, today: date | None = None, region: str = DEFAULT_REGION
) -> object:
    """The JSON value of an expression (dates as ISO strings), e.g. for a set_field step."""
    value = _evaluate(expr, context, today or date.today(), region)
    return value.isoformat() if isinstance(value, date) else value


def _evaluate(expr: object, context: dict, today: date, region: str) -> object:
    if isinstance(expr, list):
        return [_evaluate(item, context, today, region) for item in expr]
    if not isinstance(expr, dict):
        return expr
    if len(expr) != 1:
        raise ConditionInvalid(f"a condition has exactly one operator, got {sorted(expr)}")
    ((op, raw),) = expr.items()
    if op == "var":
        return _var_resolve(raw, context)
    args = raw if isinstance(raw, list) else [raw]

    def arg(index: int) -> object:
        return _evaluate(args[index], context, today, region)

    if op == "and":
        return all(_truthy(arg(i)) for i in range(len(args)))
    if op == "or":
        return any(_truthy(arg(i)) for i in range(len(args)))
    if op == "!":
        return not _truthy(arg(0))
    if op in COMPARISONS:
        return _compare(op, arg(0), arg(1))
    if op == "in":
        options = arg(1)
        return isinstance(options, list) and any(_compare("==", arg(0), o) for o in options)
    if op in ("empty", "not_empty"):
        return _is_empty(arg(0)) == (op == "empty")
    if op == "today":
        return today
    if op == "days_ago":
        return today - timedelta(days=int(arg(0)))
    if op == "working_days_since":
        since = _as_date(arg(0))
        return None if since is None else working_days_between(since, today, region=region)
    raise ConditionInvalid(f'unknown operator "{op}"')


def _var_resolve(name: object, context: dict) -> object:
    if not isinstance(name, str):
        raise ConditionInvalid(f'"var" takes a dotted name, got {name!r}')
    value: object = context
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _truthy(value: object) -> bool:
    """JSON-Logic truthiness: null, false, 0, "", [] and {} are false."""
    return value not in (None, False, 0, "", [], {})


def _is_empty(value: object) -> bool:
    """An unanswered question: null, a blank string, or an empty list or object."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, dict)) and not value)


def _as_date(value: object) -> date | datetime | None:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str):
        try:
            if _DATE_RE.match(value):
                return date.fromisoformat(value)
            if _DATETIME_RE.match(value):
                return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _dates_aligned(a: date, b: date) -> tuple[date, date]:
    """Compare a date with a datetime by day, and naive with aware datetimes in UTC."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = (x.astimezone(timezone.utc).replace(tzinfo=None) if x.tzinfo else x for x in (a, b))
        return a, b
    return (a.date() if isinstance(a, datetime) else a), (b.date() if isinstance(b, datetime) else b)


def _compare(op: str, a: object, b: object) -> bool:
    is_date_a = isinstance(a, date) or (isinstance(a, str) and _as_date(a) is not None)
    is_date_b = isinstance(b, date) or (isinstance(b, str) and _as_date(b) is not None)
    if is_date_a and is_date_b and (isinstance(a, date) or isinstance(b, date) or a != b):
        a, b = _dates_aligned(_as_date(a), _as_date(b))
    if op in ("==", "!="):
        equal = isinstance(a, bool) == isinstance(b, bool) and a == b
        return equal if op == "==" else not equal
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    same_kind = numbers or (type(a) is type(b) and isinstance(a, (str, date)))
    if not same_kind:
        return False  # missing answers and mixed types never order; the lint refuses the latter
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


# ---------------------------------------------------------------- form field types


def form_fields(schema: dict | None) -> dict[str, dict]:
    """Every property of a form JSON Schema by dotted name ("address.postcode"), conditional ones included."""
    fields: dict[str, dict] = {}
    if schema:
        _fields_collect(schema, schema, "", fields)
    return fields


def field_types_from_schema(schema: dict | None) -> dict[str, str]:
    """Each form field's type: string, integer, number, boolean, date, array, object or any."""
    return {name: _field_type(sub) for name, sub in form_fields(schema).items()}


def field_enums_from_schema(schema: dict | None) -> dict[str, list]:
    """The allowed values of fields that are choices (`enum`, or `oneOf`/`anyOf` of `const`)."""
    enums = {}
    for name, sub in form_fields(schema).items():
        choices = sub.get("enum")
        alternatives = sub.get("oneOf") or sub.get("anyOf")
        if choices is None and alternatives and all(isinstance(a, dict) and "const" in a for a in alternatives):
            choices = [a["const"] for a in alternatives]
        if choices is not None:
            enums[name] = list(choices)
    return enums


def _fields_collect(node: dict, root: dict, prefix: str, out: dict[str, dict]) -> None:
    node = _ref_resolve(node, root)
    for name, sub in (node.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        sub = _ref_resolve(sub, root)
        out.setdefault(prefix + name, sub)
        if _field_type(sub) == "object":
            _fields_collect(sub, root, f"{prefix}{name}.", out)
    # Conditional questions put their properties under allOf/if-then and friends.
    nested = [*node.get("allOf", []), *node.get("anyOf", []), *node.get("oneOf", [])]
    nested += [node[k] for k in ("then", "else") if isinstance(node.get(k), dict)]
    nested += [v for v in (node.get("dependentSchemas") or {}).values()]
    for sub in nested:
        if isinstance(sub, dict):
            _fields_collect(sub, root, prefix, out)


def _ref_resolve(node: dict, root: dict) -> dict:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node  # remote refs are refused by form meta-validation, not resolved here
    target: object = root
    for part in ref[2:].split("/"):
        target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
    return target if isinstance(target, dict) else node


def _field_type(sub: dict) -> str:
    declared = sub.get("type")
    if isinstance(declared, list):
        non_null = [t for t in declared if t != "null"]
        declared = non_null[0] if len(non_null) == 1 else None
    if declared is None:
        values = sub.get("enum") or [a.get("const") for a in sub.get("oneOf", []) if isinstance(a, dict) and "const" in a]
        kinds = {_literal_kind(v) for v in values if v is not None}
        declared = kinds.pop() if len(kinds) == 1 else None
    if declared == "string" and sub.get("format") in ("date", "date-time"):
        return "date"
    return declared if declared in FIELD_TYPES else "any"


def _literal_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "list" if isinstance(value, list) else "object"


# ---------------------------------------------------------------- describing


def condition_describe(expr: object) -> str:
    """A short human reading of an expression, for diagram edge labels and dry-run notes."""
    if isinstance(expr, dict) and len(expr) == 1:
        ((op, raw),) = expr.items()
        args = raw if isinstance(raw, list) else [raw]
        if op == "var":
            return str(raw)
        if op in COMPARISONS and len(args) == 2:
            return f"{condition_describe(args[0])} {op} {condition_describe(args[1])}"
        if op in ("and", "or"):
            return f" {op} ".join(_describe_grouped(a) for a in args)
        if op == "!" and args:
            return f"not {_describe_grouped(args[0])}"
        if op == "in" and len(args) == 2:
            return f"{condition_describe(args[0])} in {condition_describe(args[1])}"
        if op in ("empty", "not_empty") and args:
            return f"{condition_describe(args[0])} is {'empty' if op == 'empty' else 'not empty'}"
        if op == "today":
            return "today"
        if op == "days_ago" and args:
            return f"{args[0]} days ago"
        if op == "working_days_since" and args:
            return f"working days since {condition_describe(args[0])}"
    if isinstance(expr, list):
        return "[" + ", ".join(condition_describe(x) for x in expr) + "]"
    return json.dumps(expr)


def _describe_grouped(expr: object) -> str:
    text = condition_describe(expr)
    return f"({text})" if isinstance(expr, dict) and set(expr) & {"and", "or"} else text


# ---------------------------------------------------------------- type checking


@dataclass(frozen=True)
class _Scope:
    field_types: dict[str, str] | None
    field_enums: dict[str, list]
    task_outcomes: dict[str, set[str]]
    task_fields: dict[str, dict[str, str]]


@dataclass(frozen=True)
class _Typed:
    kind: str  # a FIELD_TYPES entry, or "null" / "list" for literals
    source: str  # how to name it in a message: 'data.bags', 'the string "3"'
    path: str
    outcome_of: str | None = None
    enum: tuple | None = None
    literal: tuple = field(default=())  # (value,) when it is a literal


def condition_check(
    expr: object,
    *,
    path: str,
    field_types: dict[str, str] | None,
    task_outcomes: dict[str, set[str]],
    task_fields: dict[str, dict[str, str]],
    field_enums: dict[str, list] | None = None,
) -> list[DefinitionProblem]:
    """Every problem in a condition: bad operators, unknown fields or outcomes, mismatched types.

    `field_types=None` means the case form is not known, so `data.*` names are not checked.
    """
    scope = _Scope(field_types, field_enums or {}, task_outcomes, task_fields)
    problems: list[DefinitionProblem] = []
    typed = _infer(expr, path, scope, problems)
    if typed.kind not in ("boolean", "any"):
        problems.append(DefinitionProblem(path, f"a condition must be true or false; {typed.source} is {_a(typed.kind)}"))
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
) -> list[DefinitionProblem]:
    """Whether `value` (a literal or an expression) fits case field `field`, for set_field steps."""
    scope = _Scope(field_types, field_enums or {}, task_outcomes, task_fields)
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


def expression_variables(expr: object, path: str) -> list[tuple[str, str]]:
    """Every `var` name in an expression with the pointer of its `var` key."""
    found: list[tuple[str, str]] = []
    if isinstance(expr, dict):
        for op, raw in expr.items():
            here = path + json_pointer(op)
            if op == "var" and isinstance(raw, str):
                found.append((here, raw))
            elif isinstance(raw, list):
                for index, item in enumerate(raw):
                    found += expression_variables(item, here + json_pointer(index))
            else:
                found += expression_variables(raw, here)
    return found


def _infer(expr: object, path: str, scope: _Scope, problems: list[DefinitionProblem]) -> _Typed:
    if not isinstance(expr, dict):
        kind = _literal_kind(expr)
        if kind == "list":
            return _Typed("list", f"the list {json.dumps(expr)}", path, literal=(expr,))
        return _Typed(kind, f"{'the ' + kind + ' ' if kind != 'null' else ''}{json.dumps(expr)}", path, literal=(expr,))
    if len(expr) != 1:
        problems.append(DefinitionProblem(path, f"a condition has exactly one operator, got {len(expr)} ({', '.join(expr)})"))
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

    if op in COMPARISONS:
        if arity(2):
            left, right = (_infer(a, p, scope, problems) for a, p in zip(args, arg_paths))
            _comparison_check(op, left, right, here, problems)
        return _Typed("boolean", f'this "{op}"', here)
    if op in ("and", "or", "!"):
        if op == "!":
            arity(1)
        elif not args:
            problems.append(DefinitionProblem(here, f'"{op}" needs at least one condition'))
        for arg, arg_path in zip(args, arg_paths):
            typed = _infer(arg, arg_path, scope, problems)
            if typed.kind not in ("boolean", "any"):
                hint = ' (use "empty" or "not_empty" to test for an answer)' if typed.kind != "null" else ""
                problems.append(
                    DefinitionProblem(arg_path, f'"{op}" needs conditions (true or false); {typed.source} is {_a(typed.kind)}{hint}')
                )
        return _Typed("boolean", f'this "{op}"', here)
    if op == "in":
        if arity(2):
            needle = _infer(args[0], arg_paths[0], scope, problems)
            if not isinstance(args[1], list):
                problems.append(DefinitionProblem(arg_paths[1], '"in" needs a literal list of values as its second argument'))
            else:
                for index, item in enumerate(args[1]):
                    option = _infer(item, arg_paths[1] + json_pointer(index), scope, problems)
                    _comparison_check("in", needle, option, here, problems)
        return _Typed("boolean", '"in"', here)
    if op in ("empty", "not_empty"):
        if arity(1):
            _infer(args[0], arg_paths[0], scope, problems)
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
        since = _infer(args[0], arg_paths[0], scope, problems)
        if since.kind not in ("date", "any") and not _is_date_literal(since):
            problems.append(DefinitionProblem(arg_paths[0], f'"working_days_since" needs a date; {since.source} is {_a(since.kind)}'))
    return _Typed("integer", "a number of working days", here)


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
        return _Typed(scope.field_types[rest], name, path, enum=_enum(scope.field_enums.get(rest)))
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
        problems.append(DefinitionProblem(literal.path, f"{json.dumps(value)} is not one of the choices for {known.source} ({choices})"))


def _is_date_literal(typed: _Typed) -> bool:
    return bool(typed.literal) and isinstance(typed.literal[0], str) and _as_date(typed.literal[0]) is not None


def _enum(values: list | None) -> tuple | None:
    return tuple(values) if values is not None else None


def _a(kind: str) -> str:
    return {"integer": "an integer", "array": "an array", "object": "an object", "any": "a value", "null": "null",
            "list": "a list"}.get(kind, f"a {kind}")
