"""The workflow definition language: its vocabulary and its JSON Schema (draft 2020-12).

The step types come from the registry (workflows/step_types/, one module per type); the shared words and
$defs from language_vocabulary.py. Validate, lint, compile, the studio and the docs' table all read the
schema built here, so the language cannot drift between them.
"""

from __future__ import annotations

import copy
from typing import Any

from workflows.language_vocabulary import (  # noqa: F401  (re-exported: the language's public names)
    CASE_CHANNELS,
    CASE_STATUSES,
    DURATION_UNITS,
    END_OUTCOMES,
    ESCALATION_PRIORITIES,
    FIELD_PATTERN,
    JOIN_MODES,
    MAX_DEFINITION_BYTES,
    MAX_FRAGMENTS,
    MAX_STEPS,
    RESERVED_STEP_IDS,
    SHARED_DEFS,
    SLUG_PATTERN,
    STEP_ID_PATTERN,
    TEAM_FROM_FIELD_PATTERN,
    translations_schema,
)
from workflows.step_types import step_types


def _schema_build() -> dict:
    step_schemas = {plugin.key: plugin.schema() for plugin in step_types}
    types = step_types.keys()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://councilflow.example/schemas/workflow-definition.json",
        "title": "Councilflow workflow definition",
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": {"type": "string", "maxLength": 5000},
            "start": {"$ref": "#/$defs/step_id"},
            "sla": {"$ref": "#/$defs/duration"},
            "reopen_to": {"$ref": "#/$defs/step_id"},
            # The due date a reopened case gets, from the moment it reopens (default: `sla` again).
            "reopen_sla": {"$ref": "#/$defs/duration"},
            # How long a resolved case waits for the resident's "Has this been resolved?" before it closes.
            "resolution_window": {
                "type": "object",
                "properties": {"working_days": {"type": "integer", "minimum": 1, "maximum": 260}},
                "required": ["working_days"],
                "additionalProperties": False,
            },
            # Officers may extend a case's due date, within these limits (no key: no extensions).
            "extensions": {
                "type": "object",
                "properties": {
                    "max_working_days": {"type": "integer", "minimum": 1, "maximum": 260},
                    "max_count": {"type": "integer", "minimum": 1, "maximum": 20},
                },
                "required": ["max_working_days"],
                "additionalProperties": False,
            },
            # What a resident's withdrawal from the tracking page may do (no key: allowed until the case ends).
            "withdrawal": {
                "type": "object",
                "properties": {
                    "resident": {"type": "boolean"},
                    # Refused once the case has been at this status (e.g. the crew is booked).
                    "before_status": {"enum": list(CASE_STATUSES)},
                    "resident_message": {"type": "string", "minLength": 1, "maxLength": 1000},
                    "translations": translations_schema(
                        {
                            "type": "object",
                            "properties": {"resident_message": {"type": "string", "minLength": 1, "maxLength": 1000}},
                            "required": ["resident_message"],
                            "additionalProperties": False,
                        }
                    ),
                },
                "additionalProperties": False,
            },
            "connectors": {
                "type": "array",
                "maxItems": 50,
                "items": {
                    "type": "object",
                    "properties": {"slot": {"$ref": "#/$defs/step_id"}, "type": {"$ref": "#/$defs/slug"}},
                    "required": ["slot", "type"],
                    "additionalProperties": False,
                },
            },
            "fragments": {
                "type": "object",
                "maxProperties": MAX_FRAGMENTS,
                "propertyNames": {"pattern": STEP_ID_PATTERN, "x-errors": {"pattern": "is not a valid fragment name"}},
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string", "minLength": 1, "maxLength": 200},
                        "start": {"$ref": "#/$defs/step_id"},
                        "exits": {
                            "type": "array",
                            "items": {"$ref": "#/$defs/step_id"},
                            "minItems": 1,
                            "uniqueItems": True,
                        },
                        "steps": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MAX_STEPS,
                            "items": {"oneOf": [{"$ref": f"#/$defs/{t}_step"} for t in types]},
                        },
                    },
                    "required": ["start", "exits", "steps"],
                    "additionalProperties": False,
                },
            },
            "steps": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_STEPS,
                # Discriminated by `type`; validate.py checks `type` first, then the one branch.
                "items": {"oneOf": [{"$ref": f"#/$defs/{t}_step"} for t in types]},
                "x-errors": {
                    "minItems": "a workflow needs at least one step",
                    "maxItems": f"a workflow has at most {MAX_STEPS} steps",
                },
            },
        },
        "required": ["title", "start", "steps"],
        "additionalProperties": False,
        "$defs": {**SHARED_DEFS, **{f"{t}_step": s for t, s in step_schemas.items()}},
    }


_built: dict[int, dict] = {}


def workflow_language_schema() -> dict:
    """The whole language's schema, built from the step types registered now (rebuilt when that changes)."""
    schema = _built.get(step_types.version)
    if schema is None:
        _built.clear()
        schema = _built[step_types.version] = _schema_build()
    return schema


def __getattr__(name: str) -> Any:
    """`STEP_TYPES` and `WORKFLOW_LANGUAGE_SCHEMA` read the registry each time they are imported."""
    if name == "STEP_TYPES":
        return step_types.keys()
    if name == "WORKFLOW_LANGUAGE_SCHEMA":
        return workflow_language_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def step_type_schema(step_type: str) -> dict:
    """A standalone schema for one step type (with the shared $defs), for per-step validation."""
    return {
        "$schema": workflow_language_schema()["$schema"],
        "$defs": workflow_language_schema()["$defs"],
        "$ref": f"#/$defs/{step_type}_step",
    }


def document_shell_schema() -> dict:
    """The top-level schema with steps left open, so step errors come from their own type's schema."""
    shell = copy.deepcopy(workflow_language_schema())
    shell["properties"]["steps"]["items"] = {"type": "object"}
    shell["properties"]["fragments"]["additionalProperties"]["properties"]["steps"]["items"] = {"type": "object"}
    return shell
