"""Checking a form definition before it can be published: every problem, each at its JSON pointer."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from councilflow.errors import DefinitionInvalid, DefinitionProblem, json_pointer
from councilflow.json_limits import json_depth_problem
from form_definitions.keywords import schema_keyword_problems
from form_definitions.meta_ui import ui_schema_problems
from form_definitions.refs import MISSING, ref_resolve, subschemas_walk
from form_definitions.regex import meta_format_checker, schema_regex_problems

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
MAX_DEFINITION_BYTES = 256 * 1024
MAX_PROPERTIES = 500
MAX_MESSAGE_CHARS = 200

# `format: regex` (pattern values) is left to schema_regex_problems, which checks them with RE2, the engine that runs them.
_meta_validator = Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=meta_format_checker())


def form_definition_check(schema: Any, ui_schema: Any) -> None:
    """Raise DefinitionInvalid listing every problem, with paths under `/schema` or `/ui_schema`."""
    deep = json_depth_problem(schema, at="/schema") or json_depth_problem(ui_schema, at="/ui_schema")
    if deep:  # first: the meta-schema check and the size measure both recurse once per level
        raise DefinitionInvalid([deep])
    problems = schema_problems(schema)
    if not any(p.path == "/schema" for p in problems):
        problems += ui_schema_problems(schema, ui_schema)
    if problems:
        raise DefinitionInvalid(problems)


def schema_problems(schema: Any) -> list[DefinitionProblem]:
    """Problems with the JSON Schema half; a schema too large or not an object stops the checks early."""
    size = _json_size(schema)
    if size is None:
        return [DefinitionProblem("/schema", "is not valid JSON data")]
    if size > MAX_DEFINITION_BYTES:
        return [DefinitionProblem("/schema", f"is larger than the limit of {MAX_DEFINITION_BYTES // 1024} KB")]
    if not isinstance(schema, dict):
        return [DefinitionProblem("/schema", "must be a JSON object")]
    return (
        _meta_problems(schema)
        + _top_level_problems(schema)
        + _reference_problems(schema)
        + _property_count_problems(schema)
        + schema_regex_problems(schema, "schema")
        + schema_keyword_problems(schema, "schema")
    )


def _json_size(value: Any) -> int | None:
    try:
        return len(json.dumps(value).encode("utf-8"))
    except (TypeError, ValueError):
        return None


def _meta_problems(schema: dict) -> list[DefinitionProblem]:
    problems = []
    declared = schema.get("$schema")
    if declared is not None and declared != DRAFT_2020_12:
        problems.append(DefinitionProblem("/schema/$schema", f'must be "{DRAFT_2020_12}" or left out'))
    for error in sorted(_meta_validator.iter_errors(schema), key=lambda e: [str(p) for p in e.absolute_path]):
        path = json_pointer("schema", *error.absolute_path)
        problem = DefinitionProblem(path, _one_line(error.message))
        if problem not in problems:
            problems.append(problem)
    return problems


def _one_line(message: str) -> str:
    text = " ".join(message.split())
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def _top_level_problems(schema: dict) -> list[DefinitionProblem]:
    problems = []
    if schema.get("type") != "object":
        problems.append(DefinitionProblem("/schema/type", 'the top level must be "type": "object"'))
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        problems.append(DefinitionProblem("/schema", 'must have "properties" listing at least one question'))
        return problems
    required = schema.get("required")
    if isinstance(required, list):
        for index, name in enumerate(required):
            if isinstance(name, str) and name not in properties:
                problems.append(
                    DefinitionProblem(
                        json_pointer("schema", "required", index), f'"{name}" is not one of the properties'
                    )
                )
    return problems


def _reference_problems(schema: dict) -> list[DefinitionProblem]:
    """Only local `#...` references: a form must never fetch or depend on another document."""
    problems = []
    for path, node in subschemas_walk(schema):
        for keyword in ("$ref", "$dynamicRef"):
            ref = node.get(keyword)
            if not isinstance(ref, str):
                continue
            where = json_pointer("schema", *path, keyword)
            if not ref.startswith("#"):
                problems.append(DefinitionProblem(where, f'remote {keyword} "{ref}" is not allowed'))
            elif ref_resolve(schema, ref) is MISSING:
                problems.append(
                    DefinitionProblem(where, f'{keyword} "{ref}" does not point at anything in this schema')
                )
        problem = _id_problem(path, node.get("$id"))
        if problem:
            problems.append(problem)
    return problems


def _id_problem(path: tuple, value: Any) -> DefinitionProblem | None:
    """A root `$id` may name the form (e.g. a `urn:`); anything that moves resolution elsewhere is refused."""
    if not isinstance(value, str):
        return None
    where = json_pointer("schema", *path, "$id")
    if "://" in value:
        return DefinitionProblem(where, f'remote $id "{value}" is not allowed')
    if path:
        return DefinitionProblem(where, '$id is only allowed at the top level; put shared parts in "$defs"')
    return None


def _property_count_problems(schema: dict) -> list[DefinitionProblem]:
    count = sum(
        len(node["properties"]) for _path, node in subschemas_walk(schema) if isinstance(node.get("properties"), dict)
    )
    if count > MAX_PROPERTIES:
        return [
            DefinitionProblem("/schema/properties", f"has {count} properties in all; the limit is {MAX_PROPERTIES}")
        ]
    return []
