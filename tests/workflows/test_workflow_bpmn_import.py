"""Importing a BPMN file (as bpmn.io and Camunda Modeler save it) as a draft workflow through the admin."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from councilflow.versioning import DefinitionStatus
from workflows.bpmn_export import definition_bpmn
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_publish

FIXTURES = Path(__file__).parent / "data" / "bpmn"
URL = "/admin/workflows/workflowdefinition/import-bpmn/"


@pytest.fixture
def designer(demo):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    return client


def _post(client, demo, content: bytes, *, slug: str, form_slug: str, council: str = "riverside"):
    upload = SimpleUploadedFile(f"{slug}.bpmn", content, content_type="application/xml")
    data = {"council": demo.council(council).pk, "slug": slug, "name": "", "form_slug": form_slug, "file": upload}
    return client.post(URL, data)


def test_a_bpmn_io_drawing_becomes_a_draft_that_publishes(demo, designer):
    response = _post(
        designer, demo, (FIXTURES / "bpmnio-missed-bin.bpmn").read_bytes(), slug="drawn-bin", form_slug="missed-bin"
    )
    draft = WorkflowDefinition.objects.get(council__slug="riverside", slug="drawn-bin")
    assert response.status_code == 302 and response["Location"].endswith(f"/{draft.pk}/change/")
    assert (draft.status, draft.version, draft.name) == (DefinitionStatus.DRAFT, 1, "Missed bin (drawn in bpmn.io)")
    steps = {s["id"]: s for s in draft.definition["steps"]}
    check = steps[draft.definition["start"]]
    assert check["assign"] == {"team": "waste"}  # the lane "Waste and recycling"
    assert check["next"] == {
        "collected": "resolved",
        "not_our_round": "pass_to_the_right_round",
        "bin_not_out": "no_action",
    }
    assert steps["no_action"]["outcome"] == "no_action"
    assert workflow_definition_publish(draft).status == DefinitionStatus.PUBLISHED  # passes the publish checks too


def test_a_camunda_modeler_file_keeps_conditions_groups_timers_and_parallel_work(demo, designer):
    response = _post(
        designer, demo, (FIXTURES / "camunda-pothole.bpmn").read_bytes(), slug="drawn-pothole", form_slug="pothole"
    )
    assert response.status_code == 302
    steps = {s["id"]: s for s in WorkflowDefinition.objects.get(slug="drawn-pothole").definition["steps"]}
    assert steps["deep_pothole"]["branches"] == [
        {"when": {"==": [{"var": "data.depth"}, "deep"]}, "next": "gateway_split"}
    ]
    assert steps["deep_pothole"]["otherwise"] == "assess_the_pothole"
    assert steps["assess_the_pothole"]["assign"] == {"team": "highways"}  # camunda:candidateGroups
    assert steps["gateway_split"] == {
        "id": "gateway_split",
        "type": "split",
        "branches": ["repair_the_pothole", "let_the_repair_settle"],
    }
    assert steps["let_the_repair_settle"]["wait"] == {"days": 5}
    assert steps["gateway_join"]["next"] == "fixed"


def test_each_unsupported_element_is_one_error_with_its_id_and_nothing_is_saved(demo, designer):
    before = WorkflowDefinition.objects.count()
    response = _post(
        designer, demo, (FIXTURES / "unsupported.bpmn").read_bytes(), slug="drawn-bad", form_slug="missed-bin"
    )
    assert response.status_code == 400
    problems = [
        unescape(li)
        for li in response.content.decode().split('id="bpmn-problems">')[1].split("</ul>")[0].split("<li>")[1:]
    ]
    assert [p.split(":")[0] for p in problems] == [
        "Activity_score",
        "Gateway_which",
        "Activity_mow",
        "Event_late",
        "Event_signal",
    ]
    assert 'no team called "Parks and gardens"' in problems[2]
    assert WorkflowDefinition.objects.count() == before


def test_the_draft_must_pass_the_normal_save_checks(demo, designer):
    content = (FIXTURES / "camunda-pothole.bpmn").read_bytes()  # conditions read data.depth: not on the bin form
    response = _post(designer, demo, content, slug="drawn-pothole", form_slug="missed-bin")
    page = unescape(response.content.decode())
    assert response.status_code == 400 and "/steps/0/branches/0/when" in page and "depth" in page
    assert not WorkflowDefinition.objects.filter(slug="drawn-pothole").exists()


def test_a_designer_imports_only_into_their_own_council(demo, designer):
    content = (FIXTURES / "bpmnio-missed-bin.bpmn").read_bytes()
    response = _post(designer, demo, content, slug="drawn-bin", form_slug="missed-bin", council="hillford")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not WorkflowDefinition.objects.filter(slug="drawn-bin").exists()


def test_an_existing_slug_gets_its_next_version_as_a_draft(demo, designer):
    content = (FIXTURES / "bpmnio-missed-bin.bpmn").read_bytes()
    response = _post(designer, demo, content, slug="missed-bin", form_slug="missed-bin")
    assert response.status_code == 302
    versions = WorkflowDefinition.objects.filter(council__slug="riverside", slug="missed-bin").order_by("version")
    assert [(v.version, v.status) for v in versions] == [(1, DefinitionStatus.PUBLISHED), (2, DefinitionStatus.DRAFT)]
    assert versions[1].name == versions[0].name and versions[1].definition["title"] == "Missed bin (drawn in bpmn.io)"


def test_entities_and_doctypes_are_refused(demo, designer):
    evil = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + (
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&x;</bpmn:definitions>'
    )
    response = _post(designer, demo, evil, slug="evil", form_slug="missed-bin")
    page = unescape(response.content.decode())
    assert response.status_code == 400 and "DOCTYPE is not allowed" in page and "root:" not in page


def test_an_exported_demo_workflow_imports_back_as_the_same_definition(demo, designer):
    workflow = demo.service("riverside", "premises-licence").workflow
    response = _post(
        designer, demo, definition_bpmn(workflow.definition).encode(), slug="licence-copy", form_slug="premises-licence"
    )
    assert response.status_code == 302
    assert WorkflowDefinition.objects.get(slug="licence-copy").definition == workflow.definition


def test_the_workflow_list_links_to_the_import(designer):
    page = designer.get("/admin/workflows/workflowdefinition/")
    assert URL in page.content.decode()
    assert designer.get(URL).status_code == 200


def test_an_unreadable_extension_attribute_is_a_problem_on_its_element():
    from workflows.bpmn_import import BpmnImportInvalid, bpmn_definition

    content = (
        (FIXTURES / "bpmnio-missed-bin.bpmn")
        .read_bytes()
        .replace(
            b'<bpmn:userTask id="Activity_0r4t7zp"',
            b'<bpmn:userTask xmlns:cf="https://councilflow.uk/ns/bpmn/1" cf:assign="{nope" cf:options="[1]" id="Activity_0r4t7zp"',
        )
    )
    with pytest.raises(BpmnImportInvalid) as error:
        bpmn_definition(content, teams={"waste and recycling": "waste"})
    paths = [problem.path for problem in error.value.problems]
    assert paths[0] == paths[-1] == "Activity_0r4t7zp" and "cf:options must be a JSON object" in str(error.value)
