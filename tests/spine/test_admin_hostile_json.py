"""Deep or huge JSON typed into any admin JSON field is a form error naming the limit; nothing is saved."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory

from admin_ext.json_widgets import LimitedJSONField
from connectors.models import Connector
from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition

DEPTH_ERROR = "This JSON is nested deeper than the limit of 64 levels (JSON_MAX_DEPTH) at line 1 column"


@pytest.fixture
def designer(demo):
    client = Client(raise_request_exception=False)
    client.force_login(demo.user("riverside-designer"))
    return client


def schema_nested(levels: int) -> dict:
    node: dict = {"type": "string"}
    for _ in range(levels):
        node = {"type": "object", "properties": {"a": node}}
    return node


def condition_nested_text(ands: int) -> str:
    """As text: json.dumps itself recurses, and cannot write 6,000 levels."""
    return '{"and":[' * ands + '{"==":[{"var":"data.bin_type"},"general"]}' + "]}" * ands


def _form_post(demo, schema_text: str) -> dict:
    return {
        "council": demo.council("riverside").pk,
        "slug": "hostile",
        "name": "Hostile",
        "version": 1,
        "notes": "",
        "schema": schema_text,
        "ui_schema": "{}",
    }


def _workflow_post(demo, definition_text: str) -> dict:
    return {
        "council": demo.council("riverside").pk,
        "slug": "hostile",
        "name": "Hostile",
        "version": 1,
        "form_slug": "missed-bin",
        "notes": "",
        "definition": definition_text,
    }


def _deep_condition_workflow(demo) -> str:
    definition = json.loads(json.dumps(demo.service("riverside", "missed-bin").workflow.definition))
    definition["steps"].insert(
        0,
        {
            "id": "gate",
            "type": "decision",
            "branches": [{"when": "CONDITION", "next": definition["start"]}],
            "otherwise": definition["start"],
        },
    )
    definition["start"] = "gate"
    return json.dumps(definition).replace('"CONDITION"', condition_nested_text(3000))


def _saved() -> tuple[int, int, int]:
    return (
        FormDefinition.objects.filter(slug="hostile").count(),
        WorkflowDefinition.objects.filter(slug="hostile").count(),
        Connector.objects.filter(slug="hostile").count(),
    )


@pytest.mark.parametrize(
    ("url", "post"),
    [
        ("/admin/form_definitions/formdefinition/add/", lambda demo: _form_post(demo, "[" * 100_000)),
        ("/admin/form_definitions/formdefinition/add/", lambda demo: _form_post(demo, json.dumps(schema_nested(300)))),
        ("/admin/workflows/workflowdefinition/add/", lambda demo: _workflow_post(demo, "[" * 100_000)),
        ("/admin/workflows/workflowdefinition/add/", lambda demo: _workflow_post(demo, _deep_condition_workflow(demo))),
        (
            "/admin/connectors/connector/add/",
            lambda demo: {
                "council": demo.council("riverside").pk,
                "name": "Hostile",
                "slug": "hostile",
                "kind": "rest",
                "config": "{" + '"a":{' * 100_000,
                "is_active": "on",
                "max_attempts": 5,
            },
        ),
    ],
    ids=[
        "form-brackets",
        "form-schema-300-levels",
        "workflow-brackets",
        "workflow-condition-3000-ands",
        "connector-config",
    ],
)
def test_deep_json_in_an_admin_field_is_a_form_error_naming_the_limit(demo, designer, url, post):
    response = designer.post(url, post(demo))
    assert response.status_code == 200, response.content[:500]
    assert DEPTH_ERROR in unescape(response.content.decode())
    assert _saved() == (0, 0, 0)


def test_json_over_the_byte_limit_is_a_form_error(demo, designer, settings):
    settings.JSON_MAX_BYTES = 10_000
    text = json.dumps({"type": "object", "title": "x" * 20_000})
    assert len(text) == 20_031
    response = designer.post("/admin/form_definitions/formdefinition/add/", _form_post(demo, text))
    assert "This JSON is 20031 bytes, larger than the limit of 10000 bytes" in unescape(response.content.decode())
    assert _saved() == (0, 0, 0)


def test_a_schema_at_the_depth_limit_is_checked_normally(demo, designer):
    """Exactly 64 levels: parsed, meta-checked and saved as a draft (no RecursionError on the way)."""
    question: dict = {"type": "string"}
    for _ in range(60):  # the schema (1), "properties" (2), "name" (3), then one level per "not": 61 of them
        question = {"not": question}
    schema = {"type": "object", "properties": {"name": {"type": "string", "not": question}}}
    response = designer.post("/admin/form_definitions/formdefinition/add/", _form_post(demo, json.dumps(schema)))
    assert response.status_code == 302, unescape(response.content.decode())[-3000:]
    assert _saved() == (1, 0, 0)


def test_every_admin_json_field_is_parsed_within_the_limits(demo):
    """Generated over the admin registry and its inlines, so a new admin cannot bring back bare json.loads."""
    request = RequestFactory().get("/admin/")
    request.user = demo.user("admin")
    checked = []
    for model, model_admin in admin.site._registry.items():
        forms = [(model, model_admin.get_form(request))]
        forms += [
            (inline.model, inline.get_formset(request).form) for inline in model_admin.get_inline_instances(request)
        ]
        for form_model, form in forms:
            for field in form_model._meta.get_fields():
                if isinstance(field, models.JSONField) and field.name in form.base_fields:
                    checked.append(f"{form_model._meta.label}.{field.name}")
                    assert isinstance(form.base_fields[field.name], LimitedJSONField), checked[-1]
    assert {
        "form_definitions.FormDefinition.schema",
        "workflows.WorkflowDefinition.definition",
        "connectors.Connector.config",
        "sharing.LookupRow.extra",
    } <= set(checked)
