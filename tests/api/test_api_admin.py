"""The council administrator's API clients page: register (secret shown once), rotate, revoke; own council only."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client

from api.models import ApiClient


@pytest.fixture
def admin_of(demo):
    def sign_in(council: str) -> Client:
        client = Client()
        client.force_login(demo.user(f"{council}-admin"))
        return client

    return sign_in


def _token_status(client_id: str, secret: str) -> int:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return (
        Client()
        .post("/api/oauth/token/", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}")
        .status_code
    )


def _shown(page) -> tuple[str, str]:
    html = page.content.decode()
    return (
        re.search(r'id="client-id">([^<]+)<', html).group(1),
        re.search(r'id="client-secret">([^<]+)<', html).group(1),
    )


def test_register_rotate_and_revoke_from_the_admin(demo, admin_of):
    riverside = admin_of("riverside")
    form = riverside.get("/admin/api/apiclient/add/")
    assert form.status_code == 200 and "Riverside" in form.content.decode() and "Hillford" not in form.content.decode()

    page = riverside.post(
        "/admin/api/apiclient/add/",
        {"council": demo.council("riverside").pk, "name": "Riverside CRM", "scopes": ["cases:read", "events"]},
    )
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    client_id, secret = _shown(page)
    assert _token_status(client_id, secret) == 200
    row = ApiClient.objects.get(application__client_id=client_id)
    assert row.council.slug == "riverside" and row.scopes == ["cases:read", "events"]
    assert secret not in riverside.get(f"/admin/api/apiclient/{row.pk}/change/").content.decode()  # shown once

    rotated = riverside.post(f"/admin/api/apiclient/{row.pk}/rotate/")
    _, new_secret = _shown(rotated)
    assert new_secret != secret
    assert _token_status(client_id, secret) == 401 and _token_status(client_id, new_secret) == 200

    assert riverside.post(f"/admin/api/apiclient/{row.pk}/revoke/").status_code == 302
    assert _token_status(client_id, new_secret) == 400  # a revoked client gets no token
    assert "Revoked" in riverside.get("/admin/api/apiclient/").content.decode()


def test_another_councils_clients_are_out_of_reach(demo, admin_of):
    riverside = admin_of("riverside")
    forged = riverside.post(
        "/admin/api/apiclient/add/", {"council": demo.council("hillford").pk, "name": "Sneaky", "scopes": ["tasks"]}
    )
    assert forged.status_code == 200 and "Select a valid choice" in forged.content.decode()  # the admin's re-render
    assert not ApiClient.objects.filter(application__name="Sneaky").exists()
    missing = riverside.post("/admin/api/apiclient/add/", {"council": demo.council("riverside").pk, "name": ""})
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()

    page = admin_of("hillford").post(
        "/admin/api/apiclient/add/",
        {"council": demo.council("hillford").pk, "name": "Hillford CRM", "scopes": ["tasks"]},
    )
    hillford_row = ApiClient.objects.get(application__client_id=_shown(page)[0])
    assert riverside.get(f"/admin/api/apiclient/{hillford_row.pk}/change/").status_code in (302, 404)
    assert riverside.post(f"/admin/api/apiclient/{hillford_row.pk}/rotate/").status_code == 404
    assert riverside.post(f"/admin/api/apiclient/{hillford_row.pk}/revoke/").status_code == 404
    assert "Hillford CRM" not in riverside.get("/admin/api/apiclient/").content.decode()
    hillford_row.refresh_from_db()
    assert hillford_row.revoked_at is None
