"""The condition evaluator: walks the JSON expression with a fixed set of operators, never `eval`.

Runs at case time (decisions, set_field values) and in the dry run. The lint has already
refused malformed expressions, so anything odd here is a bug and raises `ConditionInvalid`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from councilflow.json_limits import json_depth_problem
from councils.bank_holidays import DEFAULT_REGION
from workflows.working_days import working_days_between

COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
OPERATORS: tuple[str, ...] = (
    *COMPARISONS,
    "and",
    "or",
    "!",
    "in",
    "contains",
    "empty",
    "not_empty",
    "today",
    "days_ago",
    "working_days_since",
    "var",
)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


class ConditionInvalid(ValueError):
    """A malformed expression reached the evaluator; the lint should have refused it."""


def condition_evaluate(expr: object, context: dict, *, today: date | None = None, region: str = DEFAULT_REGION) -> bool:
    """Whether `expr` holds for `context` ({"data", "outcomes", "task", "case"})."""
    _depth_guard(expr)
    return _truthy(_evaluate(expr, context, today or date.today(), region))


def expression_value(expr: object, context: dict, *, today: date | None = None, region: str = DEFAULT_REGION) -> object:
    """The JSON value of an expression (dates as ISO strings), e.g. for a set_field step."""
    _depth_guard(expr)
    value = _evaluate(expr, context, today or date.today(), region)
    return value.isoformat() if isinstance(value, date) else value


def _depth_guard(expr: object) -> None:
    """The evaluator recurses once per level: refuse, by an iterative measure, what would exhaust the stack."""
    deep = json_depth_problem(expr)
    if deep:
        raise ConditionInvalid(f"{deep.path or '/'}: the condition is {deep.message}")


def value_as_date(value: object) -> date | datetime | None:
    """A date or datetime from a date object or an ISO string; None for anything else."""
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
    if op == "contains":
        values, needle = arg(0), arg(1)  # an unanswered question (None) contains nothing
        return isinstance(values, list) and any(_compare("==", v, needle) for v in values)
    if op in ("empty", "not_empty"):
        return _is_empty(arg(0)) == (op == "empty")
    if op == "today":
        return today
    if op == "days_ago":
        return today - timedelta(days=int(arg(0)))
    if op == "working_days_since":
        since = value_as_date(arg(0))
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


def _dates_aligned(a: date, b: date) -> tuple[date, date]:
    """Compare a date with a datetime by day, and naive with aware datetimes in UTC."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = (x.astimezone(UTC).replace(tzinfo=None) if x.tzinfo else x for x in (a, b))
        return a, b
    return (a.date() if isinstance(a, datetime) else a), (b.date() if isinstance(b, datetime) else b)


def _compare(op: str, a: object, b: object) -> bool:
    is_date_a = isinstance(a, date) or (isinstance(a, str) and value_as_date(a) is not None)
    is_date_b = isinstance(b, date) or (isinstance(b, str) and value_as_date(b) is not None)
    if is_date_a and is_date_b and (isinstance(a, date) or isinstance(b, date) or a != b):
        a, b = _dates_aligned(value_as_date(a), value_as_date(b))
    if op in ("==", "!="):
        equal = isinstance(a, bool) == isinstance(b, bool) and a == b
        return equal if op == "==" else not equal
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    same_kind = numbers or (type(a) is type(b) and isinstance(a, (str, date)))
    if not same_kind:
        return False  # missing answers and mixed types never order; the lint refuses the latter
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
