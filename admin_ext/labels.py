"""Admin field labels in plain English where Django's default (from the field name) reads badly.

Form labels only: model verbose names stay as they are, so no other app needs a migration for wording."""

from __future__ import annotations

FIELD_LABELS: dict[str, str] = {
    "lgsl_code": "LGSL code",
    "sla_working_days": "SLA (working days)",
    "ui_schema": "UI schema",
    "schema": "Schema (JSON Schema)",
    "form_slug": "Form slug",
    "uprn": "UPRN",
    "max_attempts": "Maximum attempts",
    "is_live": "Live",
    "is_active": "Active",
}


def admin_label_apply(formfield, field_name: str):
    """Give `formfield` the plain-English label for `field_name`, when there is one."""
    if formfield is not None and field_name in FIELD_LABELS:
        formfield.label = FIELD_LABELS[field_name]
    return formfield
