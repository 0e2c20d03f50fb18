"""What a condition may read from a form: each field's name, type and choices, from its JSON Schema.

The type checker (conditions_check.py) works on these flat maps, keyed by dotted name
("address.postcode"), rather than on the schema itself.
"""

from __future__ import annotations

FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "array", "object", "any")


def form_fields(schema: dict | None) -> dict[str, dict]:
    """Every property of a form JSON Schema by dotted name ("address.postcode"), conditional ones included."""
    fields: dict[str, dict] = {}
    if schema:
        _fields_collect(schema, schema, "", fields)
    return fields


def field_types_from_schema(schema: dict | None) -> dict[str, str]:
    """Each form field's type: string, integer, number, boolean, date, array, object or any."""
    return {name: _field_type(sub) for name, sub in form_fields(schema).items()}


def field_item_types_from_schema(schema: dict | None) -> dict[str, str]:
    """The type of the values in each array field (a checkboxes answer), "any" when not declared."""
    return {
        name: _field_type(_items(sub, schema))
        for name, sub in form_fields(schema).items()
        if _field_type(sub) == "array"
    }


def field_enums_from_schema(schema: dict | None) -> dict[str, list]:
    """The allowed values of fields that are choices (`enum`, or `oneOf`/`anyOf` of `const`).

    For an array field (checkboxes) these are the choices of its items.
    """
    enums = {}
    for name, sub in form_fields(schema).items():
        choices = _choices(_items(sub, schema) if _field_type(sub) == "array" else sub)
        if choices is not None:
            enums[name] = choices
    return enums


def literal_kind(value: object) -> str:
    """The type of a literal JSON value: a FIELD_TYPES entry, or "null" / "list"."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "list" if isinstance(value, list) else "object"


def _fields_collect(node: dict, root: dict, prefix: str, out: dict[str, dict]) -> None:
    node = _ref_resolve(node, root)
    for name, sub in (node.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        sub = _ref_resolve(sub, root)
        out.setdefault(prefix + name, sub)
        if _field_type(sub) == "object":
            _fields_collect(sub, root, f"{prefix}{name}.", out)
    # Conditional questions put their properties under allOf/if-then and friends.
    nested = [*node.get("allOf", []), *node.get("anyOf", []), *node.get("oneOf", [])]
    nested += [node[k] for k in ("then", "else") if isinstance(node.get(k), dict)]
    nested += [v for v in (node.get("dependentSchemas") or {}).values()]
    for sub in nested:
        if isinstance(sub, dict):
            _fields_collect(sub, root, prefix, out)


def _ref_resolve(node: dict, root: dict) -> dict:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node  # remote refs are refused by form meta-validation, not resolved here
    target: object = root
    for part in ref[2:].split("/"):
        target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
    return target if isinstance(target, dict) else node


def _items(sub: dict, root: dict | None) -> dict:
    items = sub.get("items")
    return _ref_resolve(items, root or {}) if isinstance(items, dict) else {}


def _choices(sub: dict) -> list | None:
    choices = sub.get("enum")
    alternatives = sub.get("oneOf") or sub.get("anyOf")
    if choices is None and alternatives and all(isinstance(a, dict) and "const" in a for a in alternatives):
        choices = [a["const"] for a in alternatives]
    return list(choices) if choices is not None else None


def _field_type(sub: dict) -> str:
    declared = sub.get("type")
    if isinstance(declared, list):
        non_null = [t for t in declared if t != "null"]
        declared = non_null[0] if len(non_null) == 1 else None
    if declared is None:
        values = sub.get("enum") or [
            a.get("const") for a in sub.get("oneOf", []) if isinstance(a, dict) and "const" in a
        ]
        kinds = {literal_kind(v) for v in values if v is not None}
        declared = kinds.pop() if len(kinds) == 1 else None
    if declared == "string" and sub.get("format") in ("date", "date-time"):
        return "date"
    return declared if declared in FIELD_TYPES else "any"
