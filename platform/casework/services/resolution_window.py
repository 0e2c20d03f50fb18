"""How long a resolved case waits for the resident's "Has this been resolved?" before it closes by itself.

A workflow may set `resolution_window: {"working_days": n}` (counted in the council's business calendar);
otherwise the council's `resolution_confirm_days` calendar days apply.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from workflows.business_calendar import council_calendar
from workflows.registry import flow_class_for

from ..models import Case


def case_resolution_window(case: Case) -> tuple[int, str]:
    """(amount, unit): (10, "working_days") from the workflow, else (council days, "days")."""
    window = flow_class_for(case.workflow_version_id).definition_json.get("resolution_window") or {}
    if window.get("working_days"):
        return int(window["working_days"]), "working_days"
    return case.council.resolution_confirm_days, "days"


def case_resolution_deadline(case: Case) -> datetime | None:
    """When an unconfirmed resolution closes the case; None when it is not resolved."""
    if case.resolved_at is None:
        return None
    amount, unit = case_resolution_window(case)
    if unit == "working_days":
        return council_calendar(case.council).working_days_add(case.resolved_at, amount)
    return case.resolved_at + timedelta(days=amount)


def case_resolution_window_words(case: Case) -> str:
    """The window in words for officers and messages: "10 working days", "14 days"."""
    amount, unit = case_resolution_window(case)
    noun = "working day" if unit == "working_days" else "day"
    return f"{amount} {noun}{'' if amount == 1 else 's'}"
