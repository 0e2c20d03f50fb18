"""Expert mode: the stored JSON as text, saved through the engine's checks; syntax errors by line and column."""

from __future__ import annotations

import copy
import json
from html import unescape

import pytest
from django.urls import NoReverseMatch, reverse

from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition

BASE = "/admin/studio/services/definitions"


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


@pytest.fixture
def form_draft(demo):
    from form_definitions.services import form_definition_new_draft

    return form_definition_new_draft(demo.service("riverside", "missed-bin").form)


@pytest.fixture
def workflow_draft(demo):
    from workflows.services import workflow_definition_new_draft

    return workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)


@pytest.mark.django_db
def test_json_page_shows_exactly_the_stored_json(designer, form_draft, workflow_draft):
    response = designer.get(f"{BASE}/form/{form_draft.pk}/json/")
    shown = json.loads(
        unescape(response.content.decode()).split('class="sv-json"')[1].split(">", 1)[1].split("</textarea>")[0]
    )
    assert shown == {"schema": form_draft.schema, "ui_schema": form_draft.ui_schema}
    response = designer.get(f"{BASE}/workflow/{workflow_draft.pk}/json/")
    assert response.context["text"] == json.dumps(workflow_draft.definition, indent=2, ensure_ascii=False)
    assert 'value="Save"' in response.content.decode() and "Publish v2" in response.content.decode()


@pytest.mark.django_db
def test_syntax_error_names_line_and_column_and_keeps_the_text(designer, workflow_draft):
    before = copy.deepcopy(workflow_draft.definition)
    text = '{\n  "title": "Missed bin",\n  "start": "check"\n  "steps": []\n}'
    response = designer.post(f"{BASE}/workflow/{workflow_draft.pk}/json/", {"json": text})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Line 4, column 3: Expecting ',' delimiter" in html
    assert 'data-error-line="4" data-error-column="3"' in html
    assert 'href="#definition-json"' in html
    assert text in html  # nothing lost
    workflow_draft.refresh_from_db()
    assert workflow_draft.definition == before


@pytest.mark.django_db
def test_engine_problems_are_named_by_json_path_and_nothing_is_saved(designer, workflow_draft):
    broken = copy.deepcopy(workflow_draft.definition)
    index = next(i for i, s in enumerate(broken["steps"]) if isinstance(s.get("next"), str))
    broken["steps"][index]["next"] = "nowhere"
    text = json.dumps(broken, indent=2)
    response = designer.post(f"{BASE}/workflow/{workflow_draft.pk}/json/", {"json": text})
    html = unescape(response.content.decode())
    assert f"/steps/{index}/next" in html and "nowhere" in html
    assert response.context["text"] == text
    workflow_draft.refresh_from_db()
    assert "nowhere" not in json.dumps(workflow_draft.definition)


@pytest.mark.django_db
def test_form_document_must_hold_schema_and_ui_schema_only(designer, form_draft):
    text = json.dumps({"schema": form_draft.schema, "ui_schema": form_draft.ui_schema, "extra": 1})
    html = unescape(designer.post(f"{BASE}/form/{form_draft.pk}/json/", {"json": text}).content.decode())
    assert '/extra</code>: unknown key "extra"; use schema, ui_schema' in html
    html = unescape(designer.post(f"{BASE}/form/{form_draft.pk}/json/", {"json": "[1, 2]"}).content.decode())
    assert 'must be a JSON object with "schema" and "ui_schema"' in html


@pytest.mark.django_db
def test_hostile_json_is_refused_with_a_clear_error(designer, form_draft):
    response = designer.post(f"{BASE}/form/{form_draft.pk}/json/", {"json": "[" * 10000})
    assert response.status_code == 200
    assert "nested deeper than the limit" in unescape(response.content.decode())
    response = designer.post(f"{BASE}/form/{form_draft.pk}/json/", {"json": '{"schema": NaN}'})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


@pytest.mark.django_db
def test_valid_edit_is_stored_and_is_what_the_builder_reads(designer, form_draft):
    schema, ui = copy.deepcopy(form_draft.schema), copy.deepcopy(form_draft.ui_schema)
    schema["properties"]["in_water"] = {"type": "boolean", "title": "Is it in water?"}
    ui["pages"][0]["fields"].append("in_water")
    response = designer.post(
        f"{BASE}/form/{form_draft.pk}/json/",
        {"json": json.dumps({"schema": schema, "ui_schema": ui}), "then": "builder"},
    )
    assert response.status_code == 302
    stored = FormDefinition.objects.get(pk=form_draft.pk)
    assert stored.schema["properties"]["in_water"]["title"] == "Is it in water?"
    assert stored.ui_schema == ui
    try:
        builder = reverse("studio:form_edit", args=[form_draft.pk])
    except NoReverseMatch:  # the form builder is another studio area; until it is merged we land back here
        assert response["Location"] == f"{BASE}/form/{form_draft.pk}/json/"
    else:
        assert response["Location"] == builder
        assert "Is it in water?" in designer.get(builder).content.decode()
    assert "Is it in water?" in designer.get(f"{BASE}/form/{form_draft.pk}/json/").content.decode()


@pytest.mark.django_db
def test_workflow_save_runs_the_full_check_against_the_councils_teams(designer, workflow_draft):
    definition = copy.deepcopy(workflow_draft.definition)
    task = next(s for s in definition["steps"] if s["type"] == "task")
    task["assign"] = {"team": "highways"}
    response = designer.post(f"{BASE}/workflow/{workflow_draft.pk}/json/", {"json": json.dumps(definition)})
    assert response.status_code == 302
    assert WorkflowDefinition.objects.get(pk=workflow_draft.pk).definition == definition
    task["assign"] = {"team": "no-such-team"}
    html = unescape(
        designer.post(f"{BASE}/workflow/{workflow_draft.pk}/json/", {"json": json.dumps(definition)}).content.decode()
    )
    assert "no-such-team" in html and "There is a problem" in html
