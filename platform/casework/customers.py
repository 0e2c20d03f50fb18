"""Finding the resident a case belongs to: match on email, then phone, or create a new record."""

from __future__ import annotations

from councils.models import Council

from .models import Customer

CUSTOMER_FIELDS = ("name", "email", "phone", "postcode", "address", "uprn")


def customer_details_from_answers(answers: dict, mapping: dict[str, str]) -> dict[str, str]:
    """Pick the resident's contact details out of the answers using the form's `customer` mapping."""
    details = {}
    for attribute, field in mapping.items():
        if attribute in CUSTOMER_FIELDS and isinstance(answers.get(field), str):
            details[attribute] = answers[field].strip()
    return details


def customer_match_or_create(council: Council, details: dict[str, str]) -> Customer | None:
    details = {k: v for k, v in details.items() if k in CUSTOMER_FIELDS and v}
    if not details:
        return None
    if details.get("postcode"):
        details["postcode"] = details["postcode"].upper()
    existing = None
    if details.get("email"):
        existing = Customer.objects.filter(council=council, email__iexact=details["email"], merged_into=None).first()
    if existing is None and details.get("phone"):
        existing = Customer.objects.filter(council=council, phone=details["phone"], merged_into=None).first()
    if existing is None:
        return Customer.objects.create(council=council, **details)
    changed = [k for k, v in details.items() if not getattr(existing, k)]
    for key in changed:
        setattr(existing, key, details[key])
    if changed:
        existing.save(update_fields=changed)
    return existing
