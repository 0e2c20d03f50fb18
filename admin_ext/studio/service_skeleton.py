"""The smallest valid form and workflow a new service starts from, so the builders open on something that passes the checks."""

from __future__ import annotations

from typing import Any


def form_skeleton(*, title: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """One page asking what the resident wants and how to reach them (the customer mapping is filled in)."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": title,
        "required": ["details", "your_name", "email"],
        "properties": {
            "details": {"type": "string", "title": "Tell us what you need", "maxLength": 2000},
            "your_name": {"type": "string", "title": "Your full name", "maxLength": 200},
            "email": {"type": "string", "format": "email", "title": "Email address"},
        },
    }
    ui_schema = {
        "pages": [
            {"id": "request", "title": "Your request", "fields": ["details"]},
            {"id": "you", "title": "Your details", "fields": ["your_name", "email"]},
        ],
        "fields": {"details": {"widget": "textarea"}},
        "customer": {"name": "your_name", "email": "email"},
    }
    return schema, ui_schema


def workflow_skeleton(*, title: str, team: str) -> dict[str, Any]:
    """One task for the team, then the case is resolved; no `sla` (the service's target is the one that counts)."""
    return {
        "title": title,
        "start": "handle",
        "steps": [
            {
                "id": "handle",
                "type": "task",
                "title": "Deal with the request",
                "assign": {"team": team},
                "outcomes": [{"id": "done", "label": "Done"}],
                "next": "resolved",
            },
            {"id": "resolved", "type": "end", "outcome": "resolved"},
        ],
    }
