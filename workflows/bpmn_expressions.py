"""Conditions both ways between the JSON language and BPMN expressions.

A BPMN condition (`formalExpression`) is a Python expression over four dicts, `data`, `outcomes`, `task` and
`case`, so an engine such as SpiffWorkflow can evaluate it; the exact JSON condition rides along in the
`cf:condition` attribute. On import an expression without that attribute is read back with `ast` (never
evaluated), accepting only the operators the language has.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

ROOTS = ("data", "outcomes", "task", "case")
_COMPARE = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_AST_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


class ExpressionUnsupported(ValueError):
    """The expression uses something the JSON language cannot say."""


def var_expression(name: str) -> str:
    """`data.address.postcode` as `(data.get('address') or {}).get('postcode')`: a missing answer reads as None."""
    root, *parts = name.split(".")
    text = root
    for n, part in enumerate(parts):
        text = f"{text}.get({part!r})" if n == 0 else f"({text} or {{}}).get({part!r})"
    return text


def condition_expression(condition: Any) -> str:
    """A JSON condition as a Python expression (the text of a BPMN formalExpression)."""
    if not isinstance(condition, dict):
        return repr(condition)
    (op, args), *_ = condition.items()
    if op == "var":
        return var_expression(args if isinstance(args, str) else args[0])
    items = args if isinstance(args, list) else [args]
    parts = [condition_expression(a) for a in items]
    if op in _COMPARE:
        left, right = parts
        if op in ("==", "!="):
            return f"({left} {op} {right})"
        return f"({left} is not None and {left} {op} {right})"
    if op in ("and", "or"):
        return "(" + f" {op} ".join(parts) + ")"
    if op == "!":
        return f"(not {parts[0]})"
    if op == "in":
        return f"({parts[0]} in {parts[1]})"
    if op == "contains":
        return f"({parts[1]} in ({parts[0]} or []))"
    if op == "empty":
        return f"({parts[0]} in (None, '', []))"
    if op == "not_empty":
        return f"({parts[0]} not in (None, '', []))"
    return f"{op}({', '.join(parts)})"  # today(), days_ago(7), working_days_since(...): documented functions


def expression_condition(text: str) -> Any:
    """A Python-style expression (as typed in bpmn.io or Camunda Modeler) as a JSON condition."""
    text = text.strip()
    match = re.fullmatch(r"\$\{(.*)\}", text, flags=re.S)  # Camunda's ${...} (JUEL) wrapper
    if match:
        text = match.group(1).replace("&&", " and ").replace("||", " or ").replace("!=", "≠")
        text = text.replace("!", " not ").replace("≠", "!=")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise ExpressionUnsupported(f"not an expression: {error.msg}") from error
    return _condition(tree.body)


def _condition(node: ast.AST) -> Any:
    if isinstance(node, ast.BoolOp):
        return {"and" if isinstance(node.op, ast.And) else "or": [_condition(v) for v in node.values]}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return {"!": _condition(node.operand)}
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right, op = _value(node.left), _value(node.comparators[0]), node.ops[0]
        if type(op) in _AST_COMPARE:
            return {_AST_COMPARE[type(op)]: [left, right]}
        if isinstance(op, ast.In):
            if isinstance(right, list):
                return {"in": [left, right]}
            return {"contains": [right, left]}
        raise ExpressionUnsupported(f"the operator {type(op).__name__} is not supported")
    value = _value(node)
    if isinstance(value, dict):
        return {"==": [value, True]}
    raise ExpressionUnsupported("a condition must compare a value (e.g. outcomes.check == 'collected')")


def _value(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, (str, int, float, bool))):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_value(e) for e in node.elts]
    if isinstance(node, ast.Name) and node.id in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[node.id]
    name = _var_name(node)
    if name is None or name.split(".")[0] not in ROOTS or "." not in name:
        raise ExpressionUnsupported(f"unknown value {ast.unparse(node)!r} (read data.<field>, outcomes.<task>, ...)")
    return {"var": name}


def _var_name(node: ast.AST) -> str | None:
    """`data.x`, `data["x"]`, `data.get("x")`, `(data.get("a") or {}).get("b")` all name a variable."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
        return _var_name(node.values[0])
    if isinstance(node, ast.Attribute):
        base = _var_name(node.value)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        base = _var_name(node.value)
        return None if base is None else f"{base}.{node.slice.value}"
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        base = _var_name(node.func.value)
        return None if base is None else f"{base}.{node.args[0].value}"
    return None


def condition_attribute(condition: Any) -> str:
    """The `cf:condition` attribute: the condition exactly as the designer wrote it."""
    return json.dumps(condition, ensure_ascii=False, separators=(",", ":"))
