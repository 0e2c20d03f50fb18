"""Field-level differences between two JSON documents, for dry runs and library upgrade notices."""

from __future__ import annotations

import json
from typing import Any

from councilflow.errors import json_pointer

MISSING = object()


def json_diff(before: Any, after: Any, *, path: tuple = ()) -> list[dict]:
    """Every changed leaf as `{"path", "change", "before", "after"}`; paths are JSON pointers.

    Lists of steps are compared by step id when both sides have ids, so inserting a step shows as
    one added step rather than every later step "changed".
    """
    if isinstance(before, dict) and isinstance(after, dict):
        changes: list[dict] = []
        for key in sorted(set(before) | set(after)):
            changes += json_diff(before.get(key, MISSING), after.get(key, MISSING), path=(*path, key))
        return changes
    if isinstance(before, list) and isinstance(after, list):
        if _all_have_ids(before) and _all_have_ids(after):
            by_id_before = {item["id"]: item for item in before}
            by_id_after = {item["id"]: item for item in after}
            changes = []
            for item_id in [*by_id_before, *[i for i in by_id_after if i not in by_id_before]]:
                changes += json_diff(
                    by_id_before.get(item_id, MISSING), by_id_after.get(item_id, MISSING), path=(*path, item_id)
                )
            return changes
        if len(before) == len(after):
            changes = []
            for index, (a, b) in enumerate(zip(before, after)):
                changes += json_diff(a, b, path=(*path, index))
            return changes
    if _same(before, after):
        return []
    change = "added" if before is MISSING else "removed" if after is MISSING else "changed"
    return [
        {
            "path": json_pointer(*path),
            "change": change,
            "before": None if before is MISSING else before,
            "after": None if after is MISSING else after,
        }
    ]


def json_diff_lines(changes: list[dict]) -> list[str]:
    """One readable line per change, e.g. `/steps/inspect/assign/team: "waste" → "street-cleansing"`."""
    lines = []
    for change in changes:
        before, after = _short(change["before"]), _short(change["after"])
        if change["change"] == "added":
            lines.append(f"{change['path']}: added {after}")
        elif change["change"] == "removed":
            lines.append(f"{change['path']}: removed (was {before})")
        else:
            lines.append(f"{change['path']}: {before} → {after}")
    return lines


def _all_have_ids(items: list) -> bool:
    return bool(items) and all(isinstance(i, dict) and isinstance(i.get("id"), str) for i in items)


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"
