"""JSON Schemas the expert-mode editor completes and lints against, built from the engine's own constants.

Only a convenience in the browser: saving always runs the engine's real checks, which stay the authority.
"""

from __future__ import annotations

from typing import Any

from form_definitions.meta_ui import CUSTOMER_KEYS, FIELD_KEYS, PAGE_KEYS, TRANSLATION_FIELD_KEYS
from form_definitions.widgets import JSON_TYPES, WIDGETS
from workflows.language import WORKFLOW_LANGUAGE_SCHEMA

_QUESTION = {
    "type": "object",
    "properties": {
        "type": {"enum": sorted(JSON_TYPES)},
        "title": {"type": "string", "description": "The question, as the resident reads it."},
        "description": {"type": "string"},
        "format": {"enum": ["date", "email", "uri", "date-time"]},
        "oneOf": {
            "type": "array",
            "items": {"type": "object", "properties": {"const": {}, "title": {"type": "string"}}},
        },
        "enum": {"type": "array"},
        "minLength": {"type": "integer", "minimum": 0},
        "maxLength": {"type": "integer", "minimum": 0},
        "minimum": {"type": "number"},
        "maximum": {"type": "number"},
        "pattern": {"type": "string"},
        "items": {"type": "object"},
    },
}
_UI_FIELD = {
    "type": "object",
    "properties": {
        **{key: {} for key in FIELD_KEYS},
        "label": {"type": "string"},
        "hint": {"type": "string"},
        "widget": {"enum": sorted(WIDGETS)},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        "show_if": {"type": "object", "description": "Show this question when another answer matches."},
    },
    "additionalProperties": False,
}
FORM_DOCUMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "schema": {
            "type": "object",
            "description": "JSON Schema (draft 2020-12) of the answers.",
            "properties": {
                "$schema": {"const": "https://json-schema.org/draft/2020-12/schema"},
                "type": {"const": "object"},
                "title": {"type": "string"},
                "required": {"type": "array", "items": {"type": "string"}},
                "properties": {"type": "object", "additionalProperties": _QUESTION},
                "$defs": {"type": "object"},
            },
            "required": ["type", "properties"],
        },
        "ui_schema": {
            "type": "object",
            "description": "Pages, labels, hints, widgets, conditions, customer mapping and Welsh wording.",
            "properties": {
                "pages": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
                            "title": {"type": "string"},
                            "fields": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": list(PAGE_KEYS),
                        "additionalProperties": False,
                    },
                },
                "fields": {"type": "object", "additionalProperties": _UI_FIELD},
                "order": {"type": "array", "items": {"type": "string"}},
                "customer": {
                    "type": "object",
                    "properties": {key: {"type": "string"} for key in CUSTOMER_KEYS},
                    "additionalProperties": False,
                },
                "translations": {
                    "type": "object",
                    "properties": {
                        "cy": {
                            "type": "object",
                            "properties": {
                                "title": {"type": "string"},
                                "pages": {"type": "object", "additionalProperties": {"type": "string"}},
                                "fields": {
                                    "type": "object",
                                    "additionalProperties": {
                                        "type": "object",
                                        "properties": {key: {} for key in TRANSLATION_FIELD_KEYS},
                                    },
                                },
                            },
                        }
                    },
                },
            },
            "additionalProperties": False,
        },
    },
    "required": ["schema"],
    "additionalProperties": False,
}


def definition_editor_schema(kind: str) -> dict[str, Any]:
    return FORM_DOCUMENT_SCHEMA if kind == "form" else WORKFLOW_LANGUAGE_SCHEMA
