"""Widgets: which ones exist, which one a property gets by default, and which types each accepts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEXT_WIDGETS = frozenset({"text", "textarea", "email", "tel", "postcode", "date", "address"})
CHOICE_WIDGETS = frozenset({"radios", "checkboxes", "select"})
WIDGETS = TEXT_WIDGETS | CHOICE_WIDGETS | {"number", "file", "files", "location", "repeat", "address_lookup"}
UPLOAD_WIDGETS = frozenset({"file", "files"})  # "files": several files in one question
# The questions of a repeatable group's items: one value each, no uploads, maps or groups inside a group.
ITEM_WIDGETS = TEXT_WIDGETS | CHOICE_WIDGETS | {"number"}
JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})
SELECT_THRESHOLD = 8  # more options than this and radios become a select
TEXTAREA_THRESHOLD = 200  # a longer maxLength gets a textarea


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


def widget_infer(schema: Any) -> str:
    """The widget a property gets when the UI schema names none."""
    kind = schema_type(schema)
    schema = schema if isinstance(schema, dict) else {}
    if kind == "array":
        if schema_choices(schema.get("items")):
            return "checkboxes"
        return "repeat" if _object_items(schema) else "text"
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


def widget_mismatch(widget: str, schema: Any) -> str | None:
    """Why `widget` cannot collect a value for this property, or None when it can."""
    kind = schema_type(schema)
    schema = schema if isinstance(schema, dict) else {}
    if widget == "checkboxes":
        if kind != "array" or not schema_choices(schema.get("items")):
            return 'widget "checkboxes" needs an array property whose items have enum or oneOf choices'
    elif widget in ("radios", "select"):
        if kind == "array" or not schema_choices(schema):
            return f'widget "{widget}" needs a property with enum or oneOf choices, or a boolean'
    elif widget == "files":
        items = schema.get("items")
        if kind != "array" or (isinstance(items, dict) and schema_type(items) not in ("object", None)):
            return 'widget "files" needs an array property (a list of stored file references)'
    elif widget == "repeat":
        if kind != "array" or not _object_items(schema):
            return 'widget "repeat" needs an array property whose items are objects with properties'
    elif widget == "number":
        if kind not in ("integer", "number"):
            return f'widget "number" needs an integer or number property, not {_kind_name(kind)}'
    elif widget == "file":
        if kind not in ("object", None):
            return f'widget "file" needs an object property (the stored file reference), not {_kind_name(kind)}'
    elif widget == "address_lookup":  # "find an address": the answer keeps UPRN, USRN and coordinates
        if kind not in ("object", None):
            return (
                f'widget "address_lookup" needs an object property (the address and its UPRN), not {_kind_name(kind)}'
            )
    elif widget == "location":
        if kind not in ("object", "string", None):
            return f'widget "location" needs an object or string property, not {_kind_name(kind)}'
    elif widget in TEXT_WIDGETS:
        if kind not in ("string", None):
            return f'widget "{widget}" needs a string property, not {_kind_name(kind)}'
    return None


def _object_items(schema: dict) -> bool:
    items = schema.get("items")
    return isinstance(items, dict) and isinstance(items.get("properties"), dict) and bool(items["properties"])


def _kind_name(kind: str | None) -> str:
    return f'type "{kind}"' if kind else "an untyped property"
