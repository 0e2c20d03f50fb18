"""Walking a JSON Schema's subschemas and resolving its local `$ref`s.

Forms are self-contained: only `#...` references are allowed, so resolution never leaves the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

# Keywords whose value is one subschema, a list of them, or a name -> subschema map (draft 2020-12).
SCHEMA_KEYWORDS = frozenset(
    {
        "additionalProperties",
        "items",
        "contains",
        "not",
        "if",
        "then",
        "else",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
SCHEMA_LIST_KEYWORDS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SCHEMA_MAP_KEYWORDS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})

MISSING = object()


def subschemas_walk(schema: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Yield (path, node) for every object subschema, skipping data such as `enum` and `default`."""
    if not isinstance(schema, dict):
        return
    yield path, schema
    for key, value in schema.items():
        if key in SCHEMA_KEYWORDS:
            yield from subschemas_walk(value, path + (key,))
        elif key in SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            for index, item in enumerate(value):
                yield from subschemas_walk(item, path + (key, index))
        elif key in SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
            for name, item in value.items():
                yield from subschemas_walk(item, path + (key, name))


def ref_resolve(root: Any, ref: str) -> Any:
    """Return what a local reference (`#`, `#/json/pointer` or `#anchor`) points at, or MISSING."""
    if not ref.startswith("#"):
        return MISSING
    fragment = unquote(ref[1:])
    if fragment == "":
        return root
    if not fragment.startswith("/"):
        return _anchor_find(root, fragment)
    node = root
    for raw in fragment[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def _anchor_find(root: Any, name: str) -> Any:
    for _path, node in subschemas_walk(root):
        if node.get("$anchor") == name or node.get("$dynamicAnchor") == name:
            return node
    return MISSING


def property_deref(root: Any, node: Any, depth: int = 0) -> dict:
    """Merge a subschema's local `$ref` target under its own keywords, so widgets see the real type."""
    if not isinstance(node, dict):
        return {}
    ref = node.get("$ref")
    merged = node
    if isinstance(ref, str) and depth <= 10:
        target = property_deref(root, ref_resolve(root, ref), depth + 1)
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    items = merged.get("items")
    if depth == 0 and isinstance(items, dict) and "$ref" in items:
        merged = {**merged, "items": property_deref(root, items, depth + 1)}
    return merged
