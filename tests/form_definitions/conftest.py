"""A missed bin collection form, the running example of the form definition tests."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

# Lets `pytest tests/form_definitions` run before the project's pytest config sets pythonpath.
_ROOT = Path(__file__).resolve().parents[2]
for _path in (_ROOT, _ROOT / "platform"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

BIN_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Report a missed bin collection",
    "type": "object",
    "required": ["bin_type", "collection_date", "email"],
    "properties": {
        "bin_type": {
            "type": "string",
            "title": "Which bin was missed?",
            "oneOf": [
                {"const": "general", "title": "General waste (black lid)"},
                {"const": "recycling", "title": "Recycling (blue lid)"},
                {"const": "garden", "title": "Garden waste (green lid)"},
            ],
        },
        "collection_date": {"type": "string", "format": "date", "title": "Collection date"},
        "bags": {"type": "integer", "minimum": 1, "maximum": 10, "title": "Number of extra bags"},
        "garden_subscription": {
            "type": "string",
            "title": "Garden waste subscription number",
            "pattern": "^GW[0-9]{6}$",
        },
        "problems": {
            "type": "array",
            "title": "What went wrong?",
            "items": {"enum": ["not emptied", "lid damaged", "left on road"]},
        },
        "details": {
            "type": "string",
            "maxLength": 500,
            "title": "Anything else we should know",
            "description": "For example, where you left the bin",
        },
        "email": {"type": "string", "format": "email", "title": "Email address"},
        "photo": {"type": "object", "title": "Photo of the bin"},
    },
}

BIN_UI = {
    "pages": [
        {
            "id": "bin",
            "title": "About the missed bin",
            "fields": ["bin_type", "collection_date", "bags", "garden_subscription"],
        },
        {"id": "details", "title": "Anything else", "fields": ["problems", "details", "photo"]},
        {"id": "contact", "title": "How can we contact you?", "fields": ["email"]},
    ],
    "fields": {
        "bin_type": {
            "label": "Which bin was missed?",
            "hint": "Check the colour of the lid",
            "widget": "radios",
            "errors": {"required": "Select which bin was missed", "enum": "Select a bin from the list"},
        },
        "garden_subscription": {"show_if": {"field": "bin_type", "equals": "garden"}},
        "details": {"widget": "textarea", "show_if": {"field": "bin_type", "in": ["general", "recycling"]}},
        "photo": {"widget": "file", "accept": ["image/jpeg", "image/png"], "max_size_mb": 10},
    },
}


@pytest.fixture
def schema() -> dict:
    return copy.deepcopy(BIN_SCHEMA)


@pytest.fixture
def ui_schema() -> dict:
    return copy.deepcopy(BIN_UI)
