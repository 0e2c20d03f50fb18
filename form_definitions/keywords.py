"""Only keywords and formats the platform really enforces may appear in a form's schema.

JSON Schema ignores keywords it does not know, so `"formatMaximum": "today"` or a misspelt
`"maxlength"` would save and then check nothing. Every keyword and `format` is held to an
allow-list; anything else is refused at its path, naming the keyword.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from councilflow.errors import DefinitionProblem, json_pointer
from form_definitions.refs import subschemas_walk

# Keywords jsonschema asserts (`then`/`else` ride on `if`), and the annotations and structure that check nothing by design.
ASSERTED_KEYWORDS = frozenset(Draft202012Validator.VALIDATORS) | {"then", "else"}
STRUCTURE_KEYWORDS = frozenset({"$schema", "$id", "$defs", "definitions", "$anchor", "$dynamicAnchor", "$comment"})
ANNOTATION_KEYWORDS = frozenset({"title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"})
ALLOWED_KEYWORDS = ASSERTED_KEYWORDS | STRUCTURE_KEYWORDS | ANNOTATION_KEYWORDS
# Formats with a real check in form_definitions/formats.py (`regex` is compiled by RE2).
CHECKED_FORMATS = ("date", "date-time", "email", "uri", "regex")
# Why a known but unenforced keyword is refused, and what to use instead.
_INSTEAD = {
    "formatMinimum": 'for dates use "date_rules" in the UI schema (e.g. "not_in_past")',
    "formatMaximum": 'for dates use "date_rules" in the UI schema (e.g. "not_in_future")',
    "formatExclusiveMinimum": 'for dates use "date_rules" in the UI schema',
    "formatExclusiveMaximum": 'for dates use "date_rules" in the UI schema',
    "contentMediaType": 'for uploads use "accept" in the UI schema',
    "contentEncoding": 'for uploads use the "file" widget',
    "contentSchema": 'for uploads use the "file" widget',
    "dependencies": 'use "dependentRequired" or "dependentSchemas"',
    "$recursiveRef": 'use "$dynamicRef"',
    "$recursiveAnchor": 'use "$dynamicAnchor"',
}


def schema_keyword_problems(schema: Any, *root: object) -> list[DefinitionProblem]:
    """Every keyword the validator would silently ignore, and every `format` it does not check."""
    problems = []
    for path, node in subschemas_walk(schema):
        for keyword in node:
            if keyword not in ALLOWED_KEYWORDS:
                problems.append(DefinitionProblem(json_pointer(*root, *path, keyword), _keyword_message(keyword)))
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt not in CHECKED_FORMATS:
            problems.append(
                DefinitionProblem(
                    json_pointer(*root, *path, "format"),
                    f"format {json.dumps(fmt)} is not checked by Councilflow, so answers would not be held to it; "
                    f"use one of {', '.join(CHECKED_FORMATS)}, or a pattern",
                )
            )
    return problems


def _keyword_message(keyword: str) -> str:
    message = f'keyword "{keyword}" is not enforced by Councilflow, so answers would not be held to it'
    instead = _INSTEAD.get(keyword) or _near_miss(keyword)
    return f"{message}; {instead}" if instead else message


def _near_miss(keyword: str) -> str:
    """A keyword typed in the wrong case ("maxlength") is named as the one meant."""
    for known in sorted(ALLOWED_KEYWORDS):
        if known.lower() == keyword.lower():
            return f'did you mean "{known}"?'
    return ""
