"""The studio's own BPMN import: a Modeler file becomes a draft opened in the step builder, or the error summary
lists every element without an equivalent (its id and why) and nothing is saved; scoped to the designer's council."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councilflow.versioning import DefinitionStatus
from form_definitions.models import FormDefinition
from workflows.bpmn_import import BPMN_MAX_BYTES
from workflows.models import WorkflowDefinition

FIXTURES = Path(__file__).parents[1] / "workflows" / "data" / "bpmn"
URL = "/admin/studio/workflows/import-bpmn/"


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


def _form(demo, council: str, slug: str) -> FormDefinition:
    return FormDefinition.objects.filter(council=demo.council(council), slug=slug).order_by("-version").first()


def _post(client, demo, content: bytes, *, form_slug: str = "pothole", council: str = "riverside", **extra):
    data = {
        "council": demo.council(council).pk,
        "form": _form(demo, extra.pop("form_council", council), form_slug).pk,
        "name": extra.pop("name", ""),
        "file": SimpleUploadedFile("drawn.bpmn", content, content_type="application/xml"),
    }
    return client.post(URL, data)


def _summary(response) -> list[str]:
    page = unescape(response.content.decode())
    assert "There is a problem" in page
    items = page.split('id="studio-error-summary-title"')[1].split("</ul>")[0].split("<li>")[1:]
    return [
        item.split(">", 1)[1].split("</a>")[0] if item.startswith("<a") else item.split("</li>")[0] for item in items
    ]


@pytest.mark.django_db
def test_the_workflow_list_and_the_start_page_link_to_the_import(designer):
    assert URL in designer.get("/admin/studio/").content.decode()
    assert URL in designer.get("/admin/studio/services/start/").content.decode()
    page = designer.get(URL)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()


@pytest.mark.django_db
def test_a_modeler_file_becomes_a_draft_opened_in_the_step_builder(designer, demo):
    response = _post(designer, demo, (FIXTURES / "camunda-boundary-events.bpmn").read_bytes())
    draft = WorkflowDefinition.objects.get(
        council=demo.council("riverside"), name="Pothole inspection (boundary events)"
    )
    assert response.status_code == 302 and response["Location"] == f"/admin/studio/workflows/{draft.pk}/"
    assert (draft.status, draft.version, draft.form_slug) == (DefinitionStatus.DRAFT, 1, "pothole")
    assert draft.slug == "pothole-inspection-boundary-events" and draft.created_by == demo.user("riverside-designer")
    builder = unescape(designer.get(response["Location"]).content.decode())
    assert "Imported “Pothole inspection (boundary events)” as a draft" in builder
    assert "Inspect the site" in builder and "Chase the contractor" in builder
    again = _post(designer, demo, (FIXTURES / "camunda-boundary-events.bpmn").read_bytes(), name="Inspection copy")
    assert again.status_code == 302  # a second import is a new workflow with its own slug
    assert WorkflowDefinition.objects.get(name="Inspection copy").slug == "inspection-copy"


@pytest.mark.django_db
def test_every_element_without_an_equivalent_is_one_error_and_nothing_is_saved(designer, demo):
    before = WorkflowDefinition.objects.count()
    response = _post(designer, demo, (FIXTURES / "camunda-refusals.bpmn").read_bytes())
    assert response.status_code == 400
    problems = _summary(response)
    assert [p.split(":")[0] for p in problems] == [
        "Activity_events",
        "Event_nonint_work",
        "Event_nonint_msg",
        "Event_unknown_msg",
        "Event_cycle",
        "Event_error",
    ]
    assert 'href="#id_file"' in response.content.decode()
    assert WorkflowDefinition.objects.count() == before


@pytest.mark.django_db
def test_the_draft_must_pass_the_save_checks_against_the_chosen_form(designer, demo):
    response = _post(designer, demo, (FIXTURES / "camunda-pothole.bpmn").read_bytes(), form_slug="missed-bin")
    assert response.status_code == 400
    assert any("/steps/0/branches/0/when" in p and "depth" in p for p in _summary(response))
    assert not WorkflowDefinition.objects.filter(name="Pothole (drawn in Camunda Modeler)").exists()


@pytest.mark.django_db
def test_only_the_designers_councils_and_forms_can_be_chosen(designer, demo):
    other_form = FormDefinition.objects.filter(council=demo.council("hillford")).first()
    content = (FIXTURES / "camunda-boundary-events.bpmn").read_bytes()
    response = _post(designer, demo, content, council="hillford", form_slug=other_form.slug)
    assert response.status_code == 400
    assert sum("Select a valid choice" in p for p in _summary(response)) == 2  # council and form
    form_select = designer.get(URL).content.decode().split('id="id_form"')[1].split("</select>")[0]
    assert (
        f'value="{other_form.pk}"' not in form_select
        and f'value="{_form(demo, "riverside", "pothole").pk}"' in form_select
    )
    assert not WorkflowDefinition.objects.filter(name="Pothole inspection (boundary events)").exists()


@pytest.mark.django_db
def test_a_file_too_large_or_with_a_doctype_is_refused(designer, demo):
    big = b" " * (BPMN_MAX_BYTES + 1)
    assert _summary(_post(designer, demo, big)) == [f"The file is larger than {BPMN_MAX_BYTES // 1000} kB"]
    evil = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + (
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&x;</bpmn:definitions>'
    )
    response = _post(designer, demo, evil)
    assert response.status_code == 400 and _summary(response) == ["/: a DOCTYPE is not allowed in a BPMN file"]
    assert "root:" not in response.content.decode()


@pytest.mark.django_db
def test_an_officer_who_does_not_design_services_gets_not_found(client, demo):
    client.force_login(demo.user("riverside-waste"))
    assert client.get(URL).status_code == 404
