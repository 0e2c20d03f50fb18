"""Declarative payload mapping: a JSON template whose "{{ expr }}" strings are JMESPath look-ups.

No code is ever run from configuration: JMESPath is a query language, and a template is plain JSON.
A whole-string placeholder keeps the looked-up value's type; placeholders inside longer strings are
interpolated as text.
"""

from __future__ import annotations

import re
from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError

PLACEHOLDER = re.compile(r"\{\{\s*(.+?)\s*\}\}")


class MappingError(ValueError):
    """A mapping that cannot be evaluated (bad JMESPath expression or template shape)."""


def _search(expression: str, context: dict[str, Any]) -> Any:
    try:
        return jmespath.search(expression, context)
    except JMESPathError as exc:
        raise MappingError(f"bad expression {expression!r}: {exc}") from exc


def mapping_render(template: Any, context: dict[str, Any]) -> Any:
    """Render a template against `context`; a bare string template is one JMESPath expression."""
    if isinstance(template, str) and not PLACEHOLDER.search(template) and template.startswith("="):
        return _search(template[1:], context)
    return _render(template, context)


def _render(node: Any, context: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        return {key: _render(value, context) for key, value in node.items()}
    if isinstance(node, list):
        return [_render(item, context) for item in node]
    if isinstance(node, str):
        whole = PLACEHOLDER.fullmatch(node)
        if whole:
            return _search(whole.group(1), context)
        return PLACEHOLDER.sub(lambda m: _text(_search(m.group(1), context)), node)
    return node


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def mapping_check(template: Any) -> list[str]:
    """Compile every expression in a template; returns error messages (empty when valid)."""
    errors: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            expressions = [m.group(1) for m in PLACEHOLDER.finditer(node)]
            if node.startswith("=") and not expressions:
                expressions = [node[1:]]
            for expression in expressions:
                try:
                    jmespath.compile(expression)
                except JMESPathError as exc:
                    errors.append(f"{expression!r}: {exc}")

    walk(template)
    return errors
