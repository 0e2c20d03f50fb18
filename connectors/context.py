"""The data a connector mapping can see: a plain-JSON snapshot of a case (JMESPath searches it)."""

from __future__ import annotations

from typing import Any


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def case_context_build(case, *, step_id: str = "", extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """`{"case": {...}, "step_id": ...}`; mappings address e.g. `case.reference`, `case.answers.postcode`."""
    customer = case.customer
    context = {
        "case": {
            "reference": case.reference,
            "council": case.council.slug,
            "service": case.service.slug,
            "status": case.case_status,
            "channel": case.channel,
            "priority": case.priority,
            "submitted_at": _iso(case.submitted_at),
            "due_at": _iso(case.due_at),
            "answers": case.answers or {},
            "outcomes": case.outcomes or {},
            "task_answers": case.task_answers or {},
            "customer": {
                "name": customer.name if customer else "",
                "email": customer.email if customer else "",
                "phone": customer.phone if customer else "",
                "postcode": customer.postcode if customer else "",
                "address": customer.address if customer else "",
                "uprn": customer.uprn if customer else "",
            },
        },
        "step_id": step_id,
    }
    if extra:
        context.update(extra)
    return context
