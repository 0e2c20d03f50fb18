"""Structural validation of a workflow definition against the language's JSON Schema.

Steps are checked in two stages (their `type` first, then against that type's own
schema) so a designer reads `/steps/2/outcomes: ...` instead of a wall of oneOf noise.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from councilflow.errors import DefinitionProblem, json_pointer
from councilflow.json_limits import json_depth_problem
from workflows.language import MAX_DEFINITION_BYTES, document_shell_schema, step_type_schema
from workflows.step_types import step_types

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


def workflow_definition_validate(definition: object) -> list[DefinitionProblem]:
    """Every structural problem in `definition`, each located by an exact JSON pointer."""
    if not isinstance(definition, dict):
        return [DefinitionProblem("", "a workflow definition must be a JSON object")]
    deep = json_depth_problem(definition)  # first: the size measure, the schema and the lint all recurse per level
    if deep:
        return [deep]
    size = definition_size(definition)
    if size > MAX_DEFINITION_BYTES:
        return [
            DefinitionProblem(
                "", f"the definition is {size // 1024} KB; the limit is {MAX_DEFINITION_BYTES // 1024} KB"
            )
        ]
    problems = _schema_problems(_document_validator(), definition, ())
    steps = definition.get("steps")
    if isinstance(steps, list):
        for index, step in enumerate(steps):
            if isinstance(step, dict):
                problems += _step_problems(step, ("steps", index))
    fragments = definition.get("fragments")
    if isinstance(fragments, dict):
        for name, fragment in fragments.items():
            fragment_steps = fragment.get("steps") if isinstance(fragment, dict) else None
            for index, step in enumerate(fragment_steps if isinstance(fragment_steps, list) else []):
                if isinstance(step, dict):
                    problems += _step_problems(step, ("fragments", name, "steps", index))
    return problems_sorted(problems)


def definition_size(definition: dict) -> int:
    """Bytes of the definition as compact UTF-8 JSON: the size the limit is measured on."""
    return len(json.dumps(definition, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def problems_sorted(problems: list[DefinitionProblem]) -> list[DefinitionProblem]:
    """Problems in document order (`/steps/2` before `/steps/10`), duplicates removed."""

    def key(problem: DefinitionProblem) -> tuple:
        parts = problem.path.split("/")[1:]
        return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts), problem.message

    return sorted(set(problems), key=key)


def _step_problems(step: dict, where: tuple) -> list[DefinitionProblem]:
    step_type = step.get("type")
    if "type" not in step:
        return [DefinitionProblem(json_pointer(*where), 'a step needs a "type"')]
    plugin = step_types.get(step_type)
    if plugin is None:
        return [
            DefinitionProblem(
                json_pointer(*where, "type"),
                f"unknown step type {json.dumps(step_type)} (types: {', '.join(step_types.keys())})",
            )
        ]
    problems = _schema_problems(_step_validator(plugin.key, step_types.version), step, where)
    if not problems:
        problems += plugin.validate(step, where)
    return problems


def _schema_problems(validator: Draft202012Validator, instance: object, where: tuple) -> list[DefinitionProblem]:
    problems = []
    for error in validator.iter_errors(instance):
        problems += _error_problems(error, where)
    return problems


def _error_problems(error: ValidationError, where: tuple) -> list[DefinitionProblem]:
    """Turn one jsonschema error into designer-readable problems."""
    path = (*where, *error.absolute_path)
    custom = (error.schema or {}).get("x-errors", {}) if isinstance(error.schema, dict) else {}
    keyword = error.validator
    if keyword in custom:
        prefix = f"{json.dumps(error.instance)} " if keyword == "pattern" else ""
        return [DefinitionProblem(json_pointer(*path), prefix + custom[keyword])]
    if keyword == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        name = match.group(1) if match else error.message
        return [DefinitionProblem(json_pointer(*path), f'"{name}" is required')]
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        return [
            DefinitionProblem(json_pointer(*path, extra), f'unknown property "{extra}" (allowed: {", ".join(allowed)})')
            for extra in extras
        ]
    if keyword == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in wanted)
        return [DefinitionProblem(json_pointer(*path), f"must be {names}")]
    if keyword == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [DefinitionProblem(json_pointer(*path), f"{json.dumps(error.instance)} is not one of: {options}")]
    if keyword == "const":
        return [DefinitionProblem(json_pointer(*path), f"must be {json.dumps(error.validator_value)}")]
    return [DefinitionProblem(json_pointer(*path), error.message)]


def _document_validator() -> Draft202012Validator:
    return _document_validator_for(step_types.version)


@lru_cache(maxsize=1)
def _document_validator_for(version: int) -> Draft202012Validator:
    """One validator per state of the step-type registry (`version` is the cache key)."""
    return Draft202012Validator(document_shell_schema())


@lru_cache(maxsize=64)
def _step_validator(step_type: str, version: int) -> Draft202012Validator:
    return Draft202012Validator(step_type_schema(step_type))
