"""Fixtures for partnership sharing: a riverside fly-tipping v2 worth sharing, hillford's own team and connector."""

from __future__ import annotations

import pytest
from django.test import Client

FLY_TIPPING_ANSWERS = {
    "location": "Back lane behind 4 Mill Road",
    "waste_types": ["Furniture"],
    "size": "van",
    "on_private_land": False,
    "your_name": "Rita Resident",
    "email": "rita@example.com",
}


@pytest.fixture
def fly_tipping_answers():
    return dict(FLY_TIPPING_ANSWERS)


def workflow_publish_changed(service, *, change, user=None):
    """Publish a new workflow version of `service` with `change(definition)` applied."""
    from workflows.services import workflow_definition_new_draft, workflow_definition_publish

    draft = workflow_definition_new_draft(service.workflow, user=user)
    definition = draft.definition
    change(definition)
    draft.definition = definition
    draft.save()
    workflow_definition_publish(draft, user=user)
    service.refresh_from_db()
    return service


@pytest.fixture
def publish_changed():
    return workflow_publish_changed


def _riverside_v2(definition: dict) -> None:
    definition["connectors"] = [{"slot": "crm", "type": "rest"}]
    for step in definition["steps"]:
        if step["id"] == "inspect":
            step["title"] = "Inspect the site within two days"


@pytest.fixture
def riverside_fly_tipping(demo):
    """Riverside's fly-tipping with a connector slot and a retitled inspection: its workflow v2."""
    from connectors.models import Connector

    Connector.objects.create(
        council=demo.council("riverside"),
        name="Riverside CRM",
        slug="rdc-crm",
        kind="rest",
        config={"url": "https://crm.riverside.example.gov.uk/api/cases"},
        secrets={"token": "riverside-secret-token"},
    )
    return workflow_publish_changed(
        demo.service("riverside", "fly-tipping"), change=_riverside_v2, user=demo.user("riverside-designer")
    )


@pytest.fixture
def hillford_bindings_targets(demo):
    """Hillford's own street-scene team and CRM connector, to bind the shared service to."""
    from connectors.models import Connector
    from councils.models import Team, TeamMembership

    hillford = demo.council("hillford")
    team = Team.objects.create(council=hillford, slug="street-scene", name="Street scene")
    TeamMembership.objects.create(team=team, user=demo.user("hillford-enviro"))
    connector = Connector.objects.create(
        council=hillford,
        name="Hillford CRM",
        slug="hbc-crm",
        kind="rest",
        config={"url": "https://crm.hillford.example.gov.uk/"},
        secrets={"token": "hillford-secret"},
    )
    return team, connector


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
