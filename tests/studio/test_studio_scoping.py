"""A designer of one council can neither pick nor see another council's teams, connectors, lookup lists or forms
on any studio page, even by crafting the POST a browser would never send: each forged choice is refused with the
problem named where it is, and nothing is saved. vale-designer, who designs for both councils, is held to the
council of the workflow or form in hand."""

from __future__ import annotations

import copy
import json
from html import unescape

import pytest

from admin_ext.studio.workflow_model import step_values
from casework.models import Service
from connectors.models import Connector
from councils.models import Team
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft
from sharing.models import LookupList, LookupRow
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_new_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def hillford_only(demo):
    """Rows only Hillford has: a team, an active connector and a lookup list."""
    hillford = demo.council("hillford")
    team = Team.objects.create(council=hillford, slug="parks", name="Hillford parks")
    connector = Connector.objects.create(council=hillford, name="Hillford CRM", slug="hillford_crm", kind="rest")
    lookup = LookupList.objects.create(council=hillford, slug="parks", name="Hillford parks list")
    LookupRow.objects.create(lookup_list=lookup, key="central", value="Central park")
    return team, connector, lookup


@pytest.fixture(params=["riverside-designer", "vale-designer"])
def designer(request, client, demo):
    client.force_login(demo.user(request.param))
    return client


@pytest.fixture
def draft(demo):
    return workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)


def _step_post(client, workflow, index: int, **changes):
    values = {**step_values(workflow.definition["steps"][index]), **changes}
    return client.post(
        f"/admin/studio/workflows/{workflow.pk}/", {"action": "step-save", "index": str(index), **values}
    )


def _refused(response, *words: str) -> str:
    html = unescape(response.content.decode())
    assert response.status_code in (200, 400), response.status_code
    assert "There is a problem" in html
    for word in words:
        assert word in html
    return html


def test_the_step_builder_offers_only_the_workflows_own_councils_rows(designer, draft, hillford_only):
    html = unescape(designer.get(f"/admin/studio/workflows/{draft.pk}/").content.decode())
    for theirs in ("Hillford parks", "team:parks", "Hillford CRM", "hillford_crm"):
        assert theirs not in html


def _team_from(demo, *, answer_team: str) -> dict[str, str]:
    """An answer -> team map on the service form's first choice question, with one row."""
    schema = demo.service("riverside", "missed-bin").form.schema
    name, question = next((n, q) for n, q in schema["properties"].items() if "oneOf" in q)
    return {
        "assign_rule": "team_from",
        "team_from_field": f"data.{name}",
        "team_from_count": "1",
        "team_from-0-answer": question["oneOf"][0]["const"],
        "team_from-0-team": answer_team,
    }


def test_a_forged_team_of_another_council_is_refused_on_every_team_control(designer, demo, draft, hillford_only):
    before = copy.deepcopy(draft.definition)
    task = 0  # "check", a task assigned to a team
    notify = 1  # "tell_collected", a notification
    for index, changes in (
        (task, {"assign_rule": "team", "assign_target": "parks"}),
        (task, {**_team_from(demo, answer_team="waste"), "team_from_default": "parks"}),
        (task, {**_team_from(demo, answer_team="parks"), "team_from_default": "waste"}),
        (notify, {"to": "team:parks"}),
    ):
        response = _step_post(designer, draft, index, **changes)
        _refused(response, 'no team "parks" in this council')
        draft.refresh_from_db()
        assert draft.definition == before, changes


def test_expert_mode_refuses_another_councils_team_and_connector(designer, draft, hillford_only):
    url = f"/admin/studio/services/definitions/workflow/{draft.pk}/json/"
    before = copy.deepcopy(draft.definition)
    theirs_team = copy.deepcopy(before)
    theirs_team["steps"][0]["assign"] = {"team": "parks"}
    html = _refused(designer.post(url, {"json": json.dumps(theirs_team)}), 'no team "parks" in this council')
    assert "/steps/0/assign" in html
    theirs_connector = copy.deepcopy(before)
    theirs_connector["connectors"] = [{"slot": "hillford_crm", "type": "rest"}]
    theirs_connector["steps"][0]["cancel_on"] = [
        {"event": "connector_reply", "connector": "hillford_crm", "next": "no_action"}
    ]
    html = _refused(
        designer.post(url, {"json": json.dumps(theirs_connector)}),
        'this council has no active connector "hillford_crm"',
    )
    draft.refresh_from_db()
    assert draft.definition == before


def test_a_forged_lookup_list_of_another_council_is_refused(designer, demo, hillford_only):
    _, _, theirs = hillford_only
    form = form_definition_new_draft(demo.service("riverside", "missed-bin").form)
    url = f"/admin/studio/forms/{form.pk}/"
    name = next(n for n, p in form.schema["properties"].items() if "oneOf" in p or "enum" in p)
    assert "Hillford parks list" not in designer.get(f"{url}?q={name}").content.decode()
    from admin_ext.studio.form_initial import question_initial
    from admin_ext.studio.form_model import form_structure_from_json

    question = form_structure_from_json(form.schema, form.ui_schema).questions[name]
    values = {k: v for k, v in question_initial(question).items() if v is not None}
    response = designer.post(f"{url}questions/{name}/", {**values, "lookup_list": str(theirs.pk)})
    assert response.status_code == 400
    assert "that lookup list is not one of this council's lists" in unescape(response.content.decode())
    assert FormDefinition.objects.get(pk=form.pk).schema == form.schema


def test_start_a_service_and_bpmn_import_lists_hold_only_the_designers_councils(client, demo, hillford_only):
    client.force_login(demo.user("riverside-designer"))
    for path in ("/admin/studio/services/start/", "/admin/studio/workflows/import-bpmn/"):
        html = unescape(client.get(path).content.decode())
        assert "Hillford" not in html, path
    team, _, _ = hillford_only
    before = Service.objects.count()
    response = client.post(
        "/admin/studio/services/start/",
        {
            "council": demo.council("riverside").pk,
            "name": "Report a park bench",
            "sla_working_days": "10",
            "start_with": "new",
            "team": team.pk,
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Service.objects.count() == before


def test_another_councils_pages_are_not_found_for_a_one_council_designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    service = demo.service("hillford", "missed-bin")
    form, workflow = service.form, service.workflow
    for method, path in (
        ("get", f"/admin/studio/services/{service.pk}/"),
        ("post", f"/admin/studio/services/{service.pk}/live/"),
        ("get", f"/admin/studio/forms/{form.pk}/"),
        ("get", f"/admin/studio/forms/{form.pk}/preview/"),
        ("post", f"/admin/studio/forms/{form.pk}/customer/"),
        ("get", f"/admin/studio/workflows/{workflow.pk}/"),
        ("get", f"/admin/studio/workflows/{workflow.pk}/diagram/"),
        ("get", f"/admin/studio/workflows/{workflow.pk}/dry-run/"),
        ("get", f"/admin/studio/services/definitions/form/{form.pk}/versions/"),
        ("get", f"/admin/studio/services/definitions/workflow/{workflow.pk}/json/"),
        ("post", f"/admin/studio/services/definitions/workflow/{workflow.pk}/publish/"),
        ("post", f"/admin/studio/services/definitions/form/{form.pk}/new-draft/"),
    ):
        assert getattr(client, method)(path).status_code == 404, (method, path)
    assert WorkflowDefinition.objects.filter(council__slug="hillford", slug="missed-bin").count() == 1
    assert FormDefinition.objects.filter(council__slug="hillford", slug="missed-bin").count() == 1
    service.refresh_from_db()
    assert service.is_live is True
