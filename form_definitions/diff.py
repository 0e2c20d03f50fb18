"""What changed between two sets of answers, for the case timeline."""

from __future__ import annotations

import json
from typing import Any


def answers_diff(before: dict, after: dict) -> list[dict]:
    """Changed, added and removed answers as `{"field", "before", "after"}`; a missing answer is None.

    Order is stable: fields of `before` in their order, then fields only in `after`.
    """
    names = list(before) + [name for name in after if name not in before]
    return [
        {"field": name, "before": before.get(name), "after": after.get(name)}
        for name in names
        if name not in before or name not in after or not _same(before[name], after[name])
    ]


def _same(a: Any, b: Any) -> bool:
    # Compare as JSON so True and 1 (equal in Python) count as a change, and dict key order does not.
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)
