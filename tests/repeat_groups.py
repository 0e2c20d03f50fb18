"""The "Which other bins were missed?" repeatable group that the repeat tests (form language, portal, studio) build
their forms around, so each test states only how its group differs."""

from __future__ import annotations

from typing import Any


def extra_bins_group(
    *, required: tuple[str, ...] = ("kind",), left_at_max: int = 40, more_items: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One to three bins, each asking its kind (food caddy or glass box) and where it was left."""
    return {
        "type": "array",
        "title": "Which other bins were missed?",
        "minItems": 1,
        "maxItems": 3,
        "items": {
            "type": "object",
            "required": list(required),
            "properties": {
                "kind": {
                    "type": "string",
                    "title": "Type of bin",
                    "oneOf": [{"const": "food", "title": "Food caddy"}, {"const": "glass", "title": "Glass box"}],
                },
                "left_at": {"type": "string", "title": "Where it was left", "maxLength": left_at_max},
                **(more_items or {}),
            },
        },
    }
