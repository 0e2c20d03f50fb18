"""Builder edits on the form as a whole: which answers are the resident's details, and the form's Welsh title."""

from __future__ import annotations

from .form_edit_find import value_set_or_drop
from .form_model import form_structure_from_json, form_structure_to_json


def form_customer_update(schema: dict, ui_schema: dict | None, *, mapping: dict[str, str]) -> tuple[dict, dict]:
    """Which answers are the resident's name, email...; an empty choice removes that role."""
    structure = form_structure_from_json(schema, ui_schema)
    customer = dict(structure.ui_rest.get("customer") or {})
    for role, name in mapping.items():
        value_set_or_drop(customer, role, name or None)
    if customer or "customer" in structure.ui_rest:
        structure.ui_rest["customer"] = customer
    return form_structure_to_json(structure)


def form_welsh_title_update(schema: dict, ui_schema: dict | None, *, title: str) -> tuple[dict, dict]:
    """`translations.cy.title`: the name on Welsh pages when the service has no Welsh name of its own."""
    structure = form_structure_from_json(schema, ui_schema)
    welsh = structure.translations.setdefault("cy", {})
    value_set_or_drop(welsh, "title", title.strip())
    if not welsh and not structure.questions_have_welsh():
        structure.translations.pop("cy")
    return form_structure_to_json(structure)
