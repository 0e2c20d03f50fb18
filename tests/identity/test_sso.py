"""Single sign-on against a real OpenID Connect provider: accounts and council places come from the token's
groups through the council's mappings, a group taken away removes access at the next sign-in, sign-out ends
the provider session too, and a changed or expired ID token is refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client

from councils.models import Membership, Team, TeamMembership
from identity.models import ClaimMapping, SsoIdentity
from sso_helpers import spoil_expired, spoil_tampered, sso_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mappings(demo):
    riverside = demo.council("riverside")
    waste = Team.objects.get(council=riverside, slug="waste")
    ClaimMapping.objects.create(
        council=riverside, claim_value="grp-waste", role=Membership.Role.CASE_OFFICER, team=waste
    )
    ClaimMapping.objects.create(council=riverside, claim_value="grp-designers", role=Membership.Role.SERVICE_DESIGNER)
    ClaimMapping.objects.create(council=riverside, claim_value="grp-waste-leads", team=waste, team_leader=True)
    return {"riverside": riverside, "waste": waste}


def _roles(user) -> set[tuple[str, str]]:
    return set(Membership.objects.filter(user=user).values_list("council__slug", "role"))


def test_first_sign_in_creates_the_user_with_the_mapped_council_roles_and_team(sso_settings, oidc_provider, mappings):
    oidc_provider.user_set("alice", groups=["grp-waste", "grp-designers", "grp-elsewhere"])
    client = Client()

    response = sso_sign_in(client, oidc_provider, "alice", next_url="/work/")

    assert response.status_code == 302 and response["Location"] == "/work/"
    user = get_user_model().objects.get(email="alice@riverside.example.gov.uk")
    assert (user.first_name, user.last_name) == ("Alice", "Tester")
    assert _roles(user) == {("riverside", "service_designer"), ("riverside", "case_officer")}
    place = TeamMembership.objects.get(user=user)
    assert place.team == mappings["waste"] and not place.is_leader
    assert user.is_staff  # a designer reaches the studio
    identity = SsoIdentity.objects.get(user=user)
    assert identity.issuer == oidc_provider.issuer and identity.subject == "alice"
    assert user.has_perm("councils.design_services", mappings["riverside"])
    # Signed in through SSO: the workspace and the admin open without a second Councilflow code.
    assert client.get("/work/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_group_removed_at_the_provider_is_taken_away_at_the_next_sign_in(sso_settings, oidc_provider, mappings):
    oidc_provider.user_set("ben", groups=["grp-waste", "grp-designers", "grp-waste-leads"])
    assert sso_sign_in(Client(), oidc_provider, "ben").status_code == 302
    user = get_user_model().objects.get(sso_identities__subject="ben")
    assert TeamMembership.objects.get(user=user).is_leader

    oidc_provider.user_set("ben", groups=["grp-waste"])
    assert sso_sign_in(Client(), oidc_provider, "ben").status_code == 302
    user.refresh_from_db()
    assert _roles(user) == {("riverside", "case_officer")}
    assert not TeamMembership.objects.get(user=user).is_leader
    assert not user.is_staff
    assert not user.has_perm("councils.design_services", mappings["riverside"])

    oidc_provider.user_set("ben", groups=[])
    client = Client()
    response = sso_sign_in(client, oidc_provider, "ben")
    assert response.status_code == 302 and response["Location"] == "/accounts/sso/no-access/"
    assert _roles(user) == set() and not TeamMembership.objects.filter(user=user).exists()
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "Ask your Councilflow administrator" in page.content.decode()


def test_groups_that_map_to_nothing_get_the_ask_your_administrator_page(sso_settings, oidc_provider, mappings):
    oidc_provider.user_set("cara", groups=["grp-unknown"])
    client = Client()
    response = sso_sign_in(client, oidc_provider, "cara")
    assert response["Location"] == "/accounts/sso/no-access/"
    assert "_auth_user_id" not in client.session
    assert client.get("/work/").status_code == 302  # to the sign-in page, not an empty workspace


def test_sign_out_ends_the_councilflow_session_and_the_provider_session(sso_settings, oidc_provider, mappings):
    oidc_provider.user_set("dev", groups=["grp-waste"])
    client = Client()
    sso_sign_in(client, oidc_provider, "dev")
    id_token = client.session["oidc_id_token"]

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == oidc_provider.issuer and target.path == "/session/end"
    query = parse_qs(target.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert client.get("/work/")["Location"].startswith("/accounts/login/")
    # The provider accepts the request (it shows its sign-out confirmation).
    ended = requests.get(response["Location"], timeout=10)
    assert ended.status_code == 200, ended.text


@pytest.mark.parametrize("spoil", ["tampered", "expired"])
def test_a_changed_or_expired_id_token_is_refused(sso_settings, oidc_provider, mappings, token_proxy, spoil):
    oidc_provider.user_set("eve", groups=["grp-waste"])
    token_proxy.spoil = spoil_tampered if spoil == "tampered" else spoil_expired(oidc_provider.private_key)
    client = Client()

    response = sso_sign_in(client, oidc_provider, "eve")

    assert response.status_code == 302 and response["Location"] == "/accounts/sso/failed/"
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="eve@riverside.example.gov.uk").exists()
    page = client.get(response["Location"])
    assert page.status_code == 400 and "We could not sign you in" in page.content.decode()


def test_the_proxy_passes_an_unspoilt_token(sso_settings, oidc_provider, mappings, token_proxy):
    """The refusals above come from the spoiling, not from the proxy in between."""
    oidc_provider.user_set("finn", groups=["grp-waste"])
    assert sso_sign_in(Client(), oidc_provider, "finn")["Location"] == "/work/"


def test_refused_sso_callbacks_do_not_lock_the_address_out(sso_settings, oidc_provider, mappings, token_proxy):
    """A council office shares one internet address: refusals there must not trip the password lockout."""
    sso_settings.AXES_FAILURE_LIMIT = 2
    oidc_provider.user_set("gwen", groups=["grp-waste"])
    token_proxy.spoil = spoil_tampered
    for _ in range(3):
        assert sso_sign_in(Client(), oidc_provider, "gwen")["Location"] == "/accounts/sso/failed/"
    token_proxy.spoil = lambda token: token
    assert sso_sign_in(Client(), oidc_provider, "gwen")["Location"] == "/work/"
