"""Council administrators edit their own council's SSO group mappings in the admin, and nobody else's."""

from __future__ import annotations

import pytest
from django.test import Client

from councils.models import Membership, Team
from identity.models import ClaimMapping

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/identity/claimmapping/add/"


def _admin_client(demo) -> Client:
    client = Client()
    client.force_login(demo.user("riverside-admin"))
    return client


def test_a_council_admin_sees_and_adds_mappings_for_their_council_only(demo):
    riverside, hillford = demo.council("riverside"), demo.council("hillford")
    ClaimMapping.objects.create(council=hillford, claim_value="hillford-secret-group", role="case_officer")
    client = _admin_client(demo)

    listing = client.get("/admin/identity/claimmapping/").content.decode()
    assert "hillford-secret-group" not in listing

    foreign = client.post(ADD_URL, {"council": hillford.pk, "claim_value": "grp-x", "role": "case_officer"})
    assert foreign.status_code == 200 and "Select a valid choice" in foreign.content.decode()
    other_team = Team.objects.filter(council=hillford).first()
    mixed = client.post(ADD_URL, {"council": riverside.pk, "claim_value": "grp-x", "role": "", "team": other_team.pk})
    assert mixed.status_code == 200 and "Select a valid choice" in mixed.content.decode()
    assert not ClaimMapping.objects.filter(claim_value="grp-x").exists()

    added = client.post(ADD_URL, {"council": riverside.pk, "claim_value": "grp-x", "role": Membership.Role.TEAM_LEADER})
    assert added.status_code == 302
    assert ClaimMapping.objects.get(claim_value="grp-x").council == riverside


def test_a_mapping_needs_a_role_or_a_team(demo):
    client = _admin_client(demo)
    response = client.post(ADD_URL, {"council": demo.council("riverside").pk, "claim_value": "grp-y", "role": ""})
    assert response.status_code == 200 and "Choose a role, a team, or both." in response.content.decode()
