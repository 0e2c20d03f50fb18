"""What a property's JSON Schema says about its kind and choices: read by widget inference and every widget's check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SELECT_THRESHOLD = 8  # more options than this and radios become a select
TEXTAREA_THRESHOLD = 200  # a longer maxLength gets a textarea
JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})


@dataclass(frozen=True)
class Choice:
    """One option of a radios, select or checkboxes question."""

    value: Any
    label: str


def schema_type(schema: Any) -> str | None:
    """The property's JSON type, ignoring "null"; guessed from `enum`/`const` when `type` is absent."""
    if not isinstance(schema, dict):
        return None
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = next((t for t in declared if t != "null"), None)
    if isinstance(declared, str):
        return declared if declared in JSON_TYPES else None  # a misspelt type is the meta-schema's to report
    values = [c.value for c in schema_choices(schema)]
    if values and all(isinstance(v, str) for v in values):
        return "string"
    return None


def schema_choices(schema: Any) -> list[Choice]:
    """Options from `enum` (label = value), `oneOf`/`anyOf` of `{"const", "title"}`, or boolean Yes/No."""
    if not isinstance(schema, dict):
        return []
    if isinstance(schema.get("enum"), list):
        return [Choice(v, _label(v)) for v in schema["enum"] if v is not None]
    for keyword in ("oneOf", "anyOf"):
        options = schema.get(keyword)
        if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
            return [Choice(o["const"], str(o.get("title") or _label(o["const"]))) for o in options]
    declared = schema.get("type")
    if declared == "boolean" or (isinstance(declared, list) and "boolean" in declared):
        return [Choice(True, "Yes"), Choice(False, "No")]
    return []


def _label(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def object_items(schema: dict) -> bool:
    """An array whose items are objects with properties (a repeatable group)."""
    items = schema.get("items")
    return isinstance(items, dict) and isinstance(items.get("properties"), dict) and bool(items["properties"])


def kind_name(kind: str | None) -> str:
    return f'type "{kind}"' if kind else "an untyped property"


def widget_infer(schema: Any) -> str:
    """The widget a property gets when the UI schema names none."""
    kind = schema_type(schema)
    schema = schema if isinstance(schema, dict) else {}
    if kind == "array":
        if schema_choices(schema.get("items")):
            return "checkboxes"
        return "repeat" if object_items(schema) else "text"
    choices = schema_choices(schema)
    if choices:
        return "select" if len(choices) > SELECT_THRESHOLD else "radios"
    if kind in ("integer", "number"):
        return "number"
    if schema.get("format") == "date":
        return "date"
    if schema.get("format") == "email":
        return "email"
    max_length = schema.get("maxLength")
    if isinstance(max_length, int) and max_length > TEXTAREA_THRESHOLD:
        return "textarea"
    return "text"
