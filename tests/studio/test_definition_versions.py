"""Versions, compare in words, publish and new draft from the studio; published versions are read-only."""

from __future__ import annotations

import copy
import json
from html import unescape

import pytest

from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete
from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition

BASE = "/admin/studio/services/definitions"


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


def _page(response) -> str:
    return unescape(response.content.decode())


def _new_draft(client, kind: str, row) -> FormDefinition | WorkflowDefinition:
    response = client.post(f"{BASE}/{kind}/{row.pk}/new-draft/")
    assert response.status_code == 302
    model = FormDefinition if kind == "form" else WorkflowDefinition
    return model.objects.get(council=row.council, slug=row.slug, version=row.version + 1)


def _save_json(client, kind: str, row, document) -> None:
    response = client.post(f"{BASE}/{kind}/{row.pk}/json/", {"json": json.dumps(document)})
    assert response.status_code == 302, _page(response)


@pytest.mark.django_db
def test_versions_list_and_workflow_compare_in_words(designer, demo):
    v1 = demo.service("riverside", "missed-bin").workflow
    v2 = _new_draft(designer, "workflow", v1)
    definition = copy.deepcopy(v2.definition)
    check = definition["steps"][0]
    check["title"] = "Check with the crew (v2)"
    check["outcomes"] = [{"id": "collected", "label": "Collected"}, {"id": "refused", "label": "Refused"}]
    check["next"] = {"collected": "tell_collected", "refused": "tell_not_out"}
    removed = [s for s in definition["steps"] if s["id"] in ("refer", "reroute")]
    definition["steps"] = [s for s in definition["steps"] if s["id"] not in ("refer", "reroute")]
    definition["steps"].insert(
        1,
        {
            "id": "pause",
            "type": "timer",
            "title": "Wait a day",
            "wait": {"working_days": 1},
            "next": check["next"]["collected"],
        },
    )
    definition["steps"][0]["next"] = {"collected": "pause", "refused": "tell_not_out"}
    _save_json(designer, "workflow", v2, definition)

    html = _page(designer.get(f"{BASE}/workflow/{v1.pk}/versions/?a={v1.pk}&b={v2.pk}"))
    assert "v1 (this one)" in html and "Published" in html and "Draft" in html
    assert "From v1 to v2" in html
    assert "Added timer “Wait a day” (pause)" in html
    for step in removed:
        assert f"({step['id']})" in html.split("Removed ")[1 + removed.index(step)].split("</li>")[0]
    changed = html.split(f"Changed task “Check with the crew (v2)” ({check['id']}): ")[1].split("</li>")[0]
    assert 'title "Check the missed collection with the crew" → "Check with the crew (v2)"' in changed
    assert "outcomes changed" in changed and "next step changed" in changed


@pytest.mark.django_db
def test_form_compare_names_questions_and_pages(designer, demo):
    v1 = demo.service("riverside", "missed-bin").form
    v2 = _new_draft(designer, "form", v1)
    schema, ui = copy.deepcopy(v2.schema), copy.deepcopy(v2.ui_schema)
    schema["properties"]["in_water"] = {"type": "boolean", "title": "Is it in water?"}
    ui["pages"][0]["fields"].append("in_water")
    schema["properties"]["details"]["title"] = "Anything else?"
    del schema["properties"]["bin_out_by_7am"]
    ui["pages"][0]["fields"].remove("bin_out_by_7am")
    ui["fields"].pop("bin_out_by_7am", None)
    ui.get("translations", {}).get("cy", {}).get("fields", {}).pop("bin_out_by_7am", None)
    ui["pages"].append({"id": "extra", "title": "Extra", "fields": ["details"]})
    ui["pages"][1]["fields"].remove("details")
    _save_json(designer, "form", v2, {"schema": schema, "ui_schema": ui})

    html = _page(designer.get(f"{BASE}/form/{v2.pk}/versions/?a={v1.pk}&b={v2.pk}"))
    assert "Added “Is it in water?” (in_water)" in html
    assert "Removed “Was the bin out by 7am?” (bin_out_by_7am)" in html
    changed = html.split("Changed “Anything else?” (details): ")[1].split("</li>")[0]
    assert 'wording "Anything else we should know?" → "Anything else?"' in changed
    assert 'page "where" → "extra"' in changed
    assert "Changed “About the missed collection” (bin): questions added in_water and removed bin_out_by_7am" in html
    assert "Changed Welsh wording at /cy/fields/bin_out_by_7am" in html
    assert "Added “Extra” (extra)" in html


@pytest.mark.django_db
def test_publish_and_new_draft_are_post_buttons_with_messages(designer, demo):
    v1 = demo.service("riverside", "pothole").workflow
    assert designer.get(f"{BASE}/workflow/{v1.pk}/publish/").status_code == 405
    assert designer.get(f"{BASE}/workflow/{v1.pk}/new-draft/").status_code == 405
    v2 = _new_draft(designer, "workflow", v1)
    response = designer.post(f"{BASE}/workflow/{v2.pk}/publish/", follow=True)
    assert f"Published {v2.name} v2: new cases use it" in _page(response)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == ("retired", "published")
    assert demo.service("riverside", "pothole").workflow_id == v2.pk


@pytest.mark.django_db
def test_publishing_an_invalid_draft_is_refused_with_the_reason(designer, demo):
    v1 = demo.service("riverside", "pothole").workflow
    v2 = _new_draft(designer, "workflow", v1)
    broken = copy.deepcopy(v2.definition)
    step = next(s for s in broken["steps"] if isinstance(s.get("next"), str))
    step["next"] = "nowhere"
    WorkflowDefinition.objects.filter(pk=v2.pk).update(definition=broken)  # as if stored before today's checks
    response = designer.post(f"{BASE}/workflow/{v2.pk}/publish/", follow=True)
    assert "was not published" in _page(response) and "nowhere" in _page(response)
    v2.refresh_from_db()
    assert v2.status == "draft"


@pytest.mark.django_db
def test_published_versions_are_read_only_and_look_it(designer, demo):
    form = demo.service("riverside", "missed-bin").form
    html = _page(designer.get(f"{BASE}/form/{form.pk}/json/"))
    assert "read-only" in html and "readonly" in html
    assert 'value="Save"' not in html and "Publish v1" not in html
    assert "Start a new draft from v1" in html
    before = form.schema
    response = designer.post(f"{BASE}/form/{form.pk}/json/", {"json": json.dumps({"schema": {}, "ui_schema": {}})})
    assert response.status_code == 200 and "read-only" in _page(response)
    form.refresh_from_db()
    assert form.schema == before
    response = designer.post(f"{BASE}/form/{form.pk}/publish/", follow=True)
    assert "already published" in _page(response)


@pytest.mark.django_db
def test_other_councils_definitions_and_unknown_kinds_are_404(designer, demo):
    hillford = demo.service("hillford", "missed-bin")
    for kind, row in (("form", hillford.form), ("workflow", hillford.workflow)):
        assert designer.get(f"{BASE}/{kind}/{row.pk}/versions/").status_code == 404
        assert designer.get(f"{BASE}/{kind}/{row.pk}/json/").status_code == 404
        assert designer.post(f"{BASE}/{kind}/{row.pk}/new-draft/").status_code == 404
    assert designer.get(f"{BASE}/service/{hillford.form_id}/versions/").status_code == 404
    assert WorkflowDefinition.objects.filter(council__slug="hillford", slug="missed-bin").count() == 1


@pytest.mark.django_db
def test_compare_ignores_versions_of_another_slug(designer, demo):
    mine = demo.service("riverside", "missed-bin").workflow
    other = demo.service("hillford", "missed-bin").workflow
    response = designer.get(f"{BASE}/workflow/{mine.pk}/versions/?a={mine.pk}&b={other.pk}")
    assert response.status_code == 200 and response.context["sections"] is None


@pytest.mark.django_db
def test_case_started_on_v1_finishes_on_v1_after_studio_publishes_v2(designer, demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    v1 = service.workflow
    officer = demo.user("riverside-waste")
    old_case = submit_missed_bin(service)

    v2 = _new_draft(designer, "workflow", v1)
    definition = copy.deepcopy(v2.definition)
    check = definition["steps"][0]
    check["title"] = "Check with the crew (v2)"
    check["outcomes"] = [{"id": "collected", "label": "Collected"}, {"id": "refused", "label": "Refused"}]
    check["next"] = {"collected": "tell_collected", "refused": "tell_not_out"}
    definition["steps"] = [s for s in definition["steps"] if s["id"] not in ("refer", "reroute")]
    _save_json(designer, "workflow", v2, definition)
    designer.post(f"{BASE}/workflow/{v2.pk}/publish/")

    service.refresh_from_db()
    assert service.workflow_id == v2.pk
    new_case = submit_missed_bin(service)
    assert CaseTask.objects.get(case=new_case).title == "Check with the crew (v2)"
    old_task = CaseTask.objects.get(case=old_case)
    task_claim(officer, old_task)
    task_complete(officer, old_task, outcome="bin_not_out")  # an outcome only v1 has
    old_case.refresh_from_db()
    assert old_case.workflow_version_id == v1.pk and old_case.outcome == "no_action"
