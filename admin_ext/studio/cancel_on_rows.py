"""The task form's `cancel_on` rows: one per timer or event that cancels the task and routes elsewhere.

Flat values like the other row groups (`cancel_count`, `cancel-<i>-kind|after_amount|after_unit|label|connector|next|remove`);
the last row adds one. Kept apart from workflow_model/workflow_fields so the task form grows by one call each.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from workflows.language_vocabulary import CANCEL_ON_EVENTS, DURATION_UNITS

KIND_CHOICES = [
    ("", "—"),
    ("timer", "a time passes"),
    ("resident_reply", "the resident replies"),
    ("connector_reply", "a back office replies"),
    ("officer_action", "an officer presses a button"),
]


def cancel_on_values(step: dict) -> dict[str, str]:
    items = step.get("cancel_on") or []
    values = {"cancel_count": str(len(items))}
    for i, item in enumerate(items):
        p = f"cancel-{i}-"
        after = item.get("after")
        unit, amount = next(iter(after.items())) if isinstance(after, dict) and len(after) == 1 else ("", "")
        values.update(
            {
                f"{p}kind": "timer" if "after" in item else str(item.get("event", "")),
                f"{p}after_amount": str(amount),
                f"{p}after_unit": unit,
                f"{p}label": str(item.get("label", "")),
                f"{p}connector": str(item.get("connector", "")),
                f"{p}next": str(item.get("next", "")),
            }
        )
    return values


def cancel_on_apply(step: dict, values: Mapping[str, str], *, refuse: Any) -> None:
    """Write the rows back (`refuse(name, message)` raises the builder's ValueRefused); untouched without rows."""
    if "cancel_count" not in values:
        return
    old = step.get("cancel_on") or []
    count = values.get("cancel_count", "0")
    rows = []
    for i in range(min(int(count), 5) + 1 if count.isdigit() else 1):
        p = f"cancel-{i}-"
        kind = values.get(f"{p}kind", "")
        if values.get(f"{p}remove") or not kind:
            continue
        item: dict[str, Any] = {**(old[i] if i < len(old) else {})}
        for key in ("after", "event", "label", "connector"):
            item.pop(key, None)
        if kind == "timer":
            amount, unit = values.get(f"{p}after_amount", "").strip(), values.get(f"{p}after_unit", "")
            if not amount.isdigit():
                raise refuse(f"{p}after_amount", "give a whole number")
            if unit not in DURATION_UNITS:
                raise refuse(f"{p}after_unit", "choose working days, working hours, days or hours")
            item["after"] = {unit: int(amount)}
        elif kind in CANCEL_ON_EVENTS:
            item["event"] = kind
        else:
            raise refuse(f"{p}kind", f"unknown choice {json.dumps(kind)}")
        if values.get(f"{p}label"):
            item["label"] = values[f"{p}label"]
        if values.get(f"{p}connector", "").strip():  # the save-time check says when it is not a reply's slot
            item["connector"] = values[f"{p}connector"].strip()
        item["next"] = values.get(f"{p}next", "")
        # The language's own key order, so an unchanged definition round-trips byte for byte.
        rows.append(
            {k: item[k] for k in ("after", "event", "connector", "label", "next") if k in item and item[k] != ""}
        )
    if rows:
        step["cancel_on"] = rows
    else:
        step.pop("cancel_on", None)
