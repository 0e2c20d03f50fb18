"""Service designers edit draft definitions as JSON in the admin; invalid ones are refused with the exact path."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.test import Client

from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition


@pytest.fixture
def designer(demo):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    return client


def _workflow_post(demo, definition, **extra):
    return {
        "council": demo.council("riverside").pk,
        "slug": "missed-bin-next",
        "name": "Missed bin next",
        "version": 1,
        "form_slug": "missed-bin",
        "notes": "",
        "definition": json.dumps(definition),
        **extra,
    }


def test_unknown_step_is_refused_with_its_path(demo, designer):
    definition = json.loads(json.dumps(demo.service("riverside", "missed-bin").workflow.definition))
    definition["steps"][3]["next"] = "inspect"
    response = designer.post("/admin/workflows/workflowdefinition/add/", _workflow_post(demo, definition))
    assert response.status_code == 200
    assert '/steps/3/next: unknown step "inspect"' in unescape(response.content.decode())
    assert not WorkflowDefinition.objects.filter(slug="missed-bin-next").exists()


def test_condition_on_unknown_field_and_unreachable_step_are_refused(demo, designer):
    definition = json.loads(json.dumps(demo.service("riverside", "pothole").workflow.definition))
    definition["steps"][0]["branches"][0]["when"] = {"==": [{"var": "data.colour"}, "red"]}
    definition["steps"].append({"id": "orphan", "type": "end", "outcome": "resolved"})
    response = designer.post(
        "/admin/workflows/workflowdefinition/add/", _workflow_post(demo, definition, form_slug="pothole")
    )
    page = unescape(response.content.decode())
    assert "/steps/0/branches/0/when/==/0/var: unknown field" in page
    assert "/steps/8: step" in page and "can never be reached" in page


def test_invalid_json_schema_is_refused_with_its_path(demo, designer):
    schema = {"type": "object", "properties": {"age": {"type": "integr"}}}
    response = designer.post(
        "/admin/form_definitions/formdefinition/add/",
        {
            "council": demo.council("riverside").pk,
            "slug": "bad",
            "name": "Bad",
            "version": 1,
            "notes": "",
            "schema": json.dumps(schema),
            "ui_schema": "{}",
        },
    )
    assert "/schema/properties/age/type" in unescape(response.content.decode())
    assert not FormDefinition.objects.filter(slug="bad").exists()


def test_designer_publishes_a_valid_draft_and_the_service_uses_it(demo, designer):
    service = demo.service("riverside", "missed-bin")
    definition = json.loads(json.dumps(service.workflow.definition))
    definition["steps"][0]["title"] = "Check with the crew, new wording"
    response = designer.post(
        "/admin/workflows/workflowdefinition/add/", _workflow_post(demo, definition, slug="missed-bin", version=2)
    )
    assert response.status_code == 302, unescape(response.content.decode())[:2000]
    draft = WorkflowDefinition.objects.get(slug="missed-bin", version=2, council__slug="riverside")
    designer.post(
        "/admin/workflows/workflowdefinition/", {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    service.refresh_from_db()
    assert service.workflow_id == draft.pk


def test_designer_of_another_council_cannot_see_these_definitions(demo):
    client = Client()
    client.force_login(demo.user("hillford-designer"))
    riverside_row = demo.service("riverside", "missed-bin").workflow
    listing = client.get("/admin/workflows/workflowdefinition/").content.decode()
    assert f"/admin/workflows/workflowdefinition/{riverside_row.pk}/change/" not in listing
    assert client.get(f"/admin/workflows/workflowdefinition/{riverside_row.pk}/change/").status_code in (302, 404)
