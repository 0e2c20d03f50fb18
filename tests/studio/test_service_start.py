"""Starting a service in the studio: new draft definitions or existing ones picked by name, scoped to the council."""

from __future__ import annotations

from html import unescape

import pytest

from casework.models import Service
from casework.services.submission import case_sla_working_days
from councils.models import Team
from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition

START = "/admin/studio/services/start/"


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


def _start(client, demo, **overrides):
    riverside = demo.council("riverside")
    data = {
        "council": riverside.pk,
        "name": "Report an abandoned shopping trolley",
        "category": "Streets",
        "summary": "Tell us where a trolley has been left.",
        "sla_working_days": "5",
        "start_with": "new",
        "team": Team.objects.get(council=riverside, slug="waste").pk,
        **overrides,
    }
    return client.post(START, data)


@pytest.mark.django_db
def test_start_new_creates_checked_drafts_and_offline_service(designer, demo):
    response = _start(designer, demo)
    service = Service.objects.get(council__slug="riverside", name="Report an abandoned shopping trolley")
    assert response.status_code == 302
    # The form builder is another area's page: with it merged we go there, else to the service's own page.
    assert response["Location"] in (
        f"/admin/studio/forms/{service.form_id}/",
        f"/admin/studio/services/{service.pk}/",
    ) or response["Location"].startswith(f"/admin/studio/forms/{service.form_id}")
    assert service.slug == "report-an-abandoned-shopping-trolley"
    assert not service.is_live
    assert service.form.status == "draft" and service.workflow.status == "draft"
    assert service.workflow.form_slug == service.form.slug
    assert service.workflow.definition["steps"][0]["assign"] == {"team": "waste"}
    assert "sla" not in service.workflow.definition
    assert case_sla_working_days(service) == 5  # one place: the service's target


@pytest.mark.django_db
def test_start_page_offers_names_of_own_council_only(designer, demo):
    html = designer.get(START).content.decode()
    assert "Missed bin collection (v1, published)" in html
    assert "Waste and recycling" in html
    assert "Which SLA counts" in html and "the workflow's SLA wins" in html
    hillford_forms = FormDefinition.objects.filter(council__slug="hillford")
    assert hillford_forms.exists()
    for row in hillford_forms:
        assert f'value="{row.pk}"' not in html.split('name="form"')[1].split("</select>")[0]
    assert 'value="missed-bin"' not in html  # never slugs


@pytest.mark.django_db
def test_forged_pks_of_another_council_are_refused(designer, demo):
    hillford_form = FormDefinition.objects.filter(council__slug="hillford", slug="missed-bin").first()
    hillford_workflow = WorkflowDefinition.objects.filter(council__slug="hillford", slug="missed-bin").first()
    hillford_team = Team.objects.get(council__slug="hillford", slug="waste")
    before = Service.objects.count()

    response = _start(designer, demo, start_with="existing", form=hillford_form.pk, workflow=hillford_workflow.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = _start(designer, demo, team=hillford_team.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = _start(designer, demo, council=demo.council("hillford").pk)
    assert response.status_code == 200
    assert Service.objects.count() == before
    assert FormDefinition.objects.filter(name="Report an abandoned shopping trolley").count() == 0


@pytest.mark.django_db
def test_start_existing_needs_matching_sla_and_shows_which_wins(designer, demo):
    form = FormDefinition.objects.get(council__slug="riverside", slug="pothole", status="published")
    workflow = WorkflowDefinition.objects.get(council__slug="riverside", slug="pothole", status="published")
    own = workflow.definition["sla"]["working_days"]

    response = _start(
        designer, demo, start_with="existing", form=form.pk, workflow=workflow.pk, sla_working_days=own + 1
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert f"sets its own SLA of {own} working days, and the workflow's wins" in html
    assert 'href="#id_sla_working_days"' in html  # the error summary links to the field

    response = _start(designer, demo, start_with="existing", form=form.pk, workflow=workflow.pk, sla_working_days=own)
    service = Service.objects.get(name="Report an abandoned shopping trolley")
    assert response["Location"] == f"/admin/studio/services/{service.pk}/"
    assert (service.form, service.workflow, service.is_live) == (form, workflow, False)
    page = unescape(designer.get(response["Location"]).content.decode())
    assert f"{own} working days" in page and "set by the workflow's own SLA" in page


@pytest.mark.django_db
def test_existing_workflow_must_route_on_the_chosen_form(designer, demo):
    form = FormDefinition.objects.get(council__slug="riverside", slug="pothole", status="published")
    workflow = WorkflowDefinition.objects.get(council__slug="riverside", slug="missed-bin", status="published")
    response = _start(
        designer,
        demo,
        start_with="existing",
        form=form.pk,
        workflow=workflow.pk,
        sla_working_days=workflow.definition.get("sla", {}).get("working_days", 5),
    )
    assert response.status_code == 200
    assert "routes on a different form" in response.content.decode()


@pytest.mark.django_db
def test_missing_choices_are_reported_by_field(designer, demo):
    response = _start(designer, demo, team="", name="")
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_team"' in html and "Select the team that handles the cases" in html
    assert 'href="#id_name"' in html


@pytest.mark.django_db
def test_service_goes_live_only_when_both_parts_are_published(designer, demo):
    from form_definitions.services import form_definition_publish
    from workflows.services import workflow_definition_publish

    _start(designer, demo)
    service = Service.objects.get(name="Report an abandoned shopping trolley")
    live_url = f"/admin/studio/services/{service.pk}/live/"
    designer.post(live_url, {"live": "1"})
    service.refresh_from_db()
    assert not service.is_live
    assert "Publish the form" in designer.get(f"/admin/studio/services/{service.pk}/").content.decode()

    form_definition_publish(service.form)
    workflow_definition_publish(service.workflow)
    designer.post(live_url, {"live": "1"})
    service.refresh_from_db()
    assert service.is_live and service.accepts_cases


@pytest.mark.django_db
def test_detail_and_index_list_the_service_with_links(designer, demo):
    service = demo.service("riverside", "missed-bin")
    index = designer.get("/admin/studio/").content.decode()
    assert f'href="/admin/studio/services/{service.pk}/"' in index
    assert 'href="/admin/studio/services/start/"' in index
    html = designer.get(f"/admin/studio/services/{service.pk}/").content.decode()
    assert f"/admin/studio/services/definitions/form/{service.form_id}/versions/" in html
    assert f"/admin/studio/services/definitions/workflow/{service.workflow_id}/json/" in html
    hillford = demo.service("hillford", "missed-bin")
    assert designer.get(f"/admin/studio/services/{hillford.pk}/").status_code == 404
    assert f"/admin/studio/services/{hillford.pk}/" not in index


@pytest.mark.django_db
def test_a_designer_of_several_councils_cannot_mix_their_parts(client, demo):
    """vale-designer designs for the whole partnership: both councils are offered, each part must match the council."""
    client.force_login(demo.user("vale-designer"))
    html = unescape(client.get(START).content.decode())
    assert "Riverside District Council" in html and "Hillford Borough Council" in html
    assert "Missed bin collection (v1, published) — Hillford Borough Council" in html
    hillford_form = FormDefinition.objects.get(council__slug="hillford", slug="missed-bin", status="published")
    riverside_workflow = WorkflowDefinition.objects.get(
        council__slug="riverside", slug="missed-bin", status="published"
    )
    hillford_team = Team.objects.get(council__slug="hillford", slug="waste")

    response = _start(client, demo, start_with="existing", form=hillford_form.pk, workflow=riverside_workflow.pk)
    assert (
        "“Missed bin collection” belongs to Hillford Borough Council; pick one of Riverside District Council's"
        in unescape(response.content.decode())
    )
    response = _start(client, demo, team=hillford_team.pk)
    assert "is a team of Hillford Borough Council" in unescape(response.content.decode())
    assert not Service.objects.filter(name="Report an abandoned shopping trolley").exists()
