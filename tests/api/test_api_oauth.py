"""Machine clients: OAuth2 client credentials per council, with scopes and expiring tokens, scoped like officers."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application

from api.services import ApiClientInvalid, api_client_register


@pytest.fixture
def registered(demo):
    """Register a client for a council with some scopes; returns (client_id, secret)."""

    def register(council: str, *scopes: str) -> tuple[str, str]:
        client, secret = api_client_register(council=demo.council(council), name=f"{council} CRM", scopes=list(scopes))
        return client.application.client_id, secret

    return register


def _token_response(client_id: str, secret: str, scope: str | None = None):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    return Client().post("/api/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")


def _token(client_id: str, secret: str, scope: str | None = None) -> str:
    response = _token_response(client_id, secret, scope)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    return body["access_token"]


def _get(token: str, url: str):
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_client_reads_only_its_own_councils_cases(demo, registered, submit_missed_bin):
    ours = submit_missed_bin(demo.service("riverside", "missed-bin"))
    theirs = submit_missed_bin(demo.service("hillford", "missed-bin"))
    token = _token(*registered("riverside", "cases:read", "tasks"))

    listing = _get(token, "/api/v1/cases/")
    assert listing.status_code == 200
    references = {row["reference"] for row in listing.json()["results"]}
    assert ours.reference in references and theirs.reference not in references
    assert _get(token, f"/api/v1/cases/{ours.reference}/").status_code == 200
    assert _get(token, f"/api/v1/cases/{theirs.reference}/").status_code == 404  # wrong council: no existence leak
    task_cases = {task["case"] for task in _get(token, "/api/v1/tasks/").json()["results"]}
    assert ours.reference in task_cases and theirs.reference not in task_cases
    services = {row["slug"] for row in _get(token, "/api/v1/services/").json()["results"]}
    assert "missed-bin" in services


def test_no_token_or_a_made_up_one_is_refused(demo):
    assert Client().get("/api/v1/cases/").status_code == 403
    refused = _get("not-a-token-we-gave-out", "/api/v1/cases/")
    assert refused.status_code == 403


def test_a_token_without_the_scope_is_refused_with_the_missing_scope_named(demo, registered):
    token = _token(*registered("riverside", "tasks"))
    refused = _get(token, "/api/v1/cases/")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This token lacks the scope cases:read." and refused.json()["status"] == 403
    assert _get(token, "/api/v1/tasks/").status_code == 200


def test_a_client_cannot_ask_for_a_scope_it_was_not_given(demo, registered):
    response = _token_response(*registered("riverside", "tasks"), scope="tasks cases:read")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_narrower_token_than_the_client_may_have_is_fine(demo, registered):
    token = _token(*registered("riverside", "cases:read", "tasks"), scope="tasks")
    assert _get(token, "/api/v1/tasks/").status_code == 200
    assert _get(token, "/api/v1/cases/").status_code == 403


def test_an_expired_token_is_refused(demo, registered):
    token = _token(*registered("riverside", "cases:read"))
    assert _get(token, "/api/v1/cases/").status_code == 200
    stored = AccessToken.objects.filter(token_checksum=hashlib.sha256(token.encode()).hexdigest())
    assert stored.get().token != token  # kept hashed (RFC 9700 §4), looked up by checksum
    stored.update(expires=timezone.now() - timedelta(seconds=1))
    assert _get(token, "/api/v1/cases/").status_code == 403


def test_a_wrong_secret_gets_no_token(demo, registered):
    client_id, _secret = registered("riverside", "cases:read")
    response = _token_response(client_id, "guessed")
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_an_application_not_registered_for_a_council_gets_no_token(demo):
    secret = "s3cret-" * 6
    app = Application.objects.create(
        name="stray",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
    )
    response = _token_response(app.client_id, secret)
    assert response.status_code == 400 and response.json()["error"] == "invalid_scope"


def test_registering_refuses_unknown_scopes_with_the_field_named(demo):
    with pytest.raises(ApiClientInvalid, match=r"^scopes: unknown cases:delete \(known: "):
        api_client_register(council=demo.council("riverside"), name="CRM", scopes=["cases:delete"])


def test_the_register_command_prints_credentials_that_work(demo):
    out = StringIO()
    call_command("api_client_register", council="hillford", name="Hillford CRM", scopes=["cases:read"], stdout=out)
    fields = dict(line.split("=", 1) for line in out.getvalue().splitlines() if "=" in line)
    token = _token(fields["client_id"], fields["client_secret"])
    assert _get(token, "/api/v1/cases/").status_code == 200
    with pytest.raises(CommandError, match="--council: no council 'nowhere'"):
        call_command("api_client_register", council="nowhere", name="x", scopes=["tasks"])
