"""Issue #14 item 1, as a Riverside designer found it: Hillford's definitions on Services → Add, and accepted."""

from __future__ import annotations

from django.test import Client

from casework.models import Service


def _service_post(demo, *, form, workflow) -> dict:
    return {
        "council": demo.council("riverside").pk,
        "slug": "borrowed",
        "name": "Borrowed service",
        "category": "",
        "summary": "",
        "before_you_start": "",
        "lgsl_code": "",
        "form": form.pk,
        "workflow": workflow.pk,
        "sla_working_days": 5,
        "is_live": "on",
        **{field: "" for field in Service.WELSH_FIELDS},
    }


def test_service_add_form_offers_only_the_designers_council_definitions(demo):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    hillford = demo.service("hillford", "missed-bin")
    page = client.get("/admin/casework/service/add/")
    assert page.status_code == 200
    offered = page.context["adminform"].form.fields
    assert hillford.form not in offered["form"].queryset
    assert hillford.workflow not in offered["workflow"].queryset
    assert demo.service("riverside", "missed-bin").form in offered["form"].queryset


def test_saving_a_riverside_service_on_hillfords_definitions_is_refused(demo):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    hillford = demo.service("hillford", "missed-bin")
    response = client.post(
        "/admin/casework/service/add/", _service_post(demo, form=hillford.form, workflow=hillford.workflow)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "form" in errors and "workflow" in errors
    assert not Service.objects.filter(slug="borrowed").exists()
