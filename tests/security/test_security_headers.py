"""Content-Security-Policy and Permissions-Policy on resident, officer and admin pages; inline scripts carry the nonce."""

from __future__ import annotations

import re

import pytest
from django.test import Client


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _assert_strict_scripts(response, what: str) -> None:
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"], what
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], what
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"], what
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions and "microphone=()" in permissions, what


def test_resident_pages_have_the_policy_and_their_inline_scripts_the_nonce(demo):
    response = Client().get("/riverside/missed-bin/apply/")
    assert response.status_code == 200
    _assert_strict_scripts(response, "resident form")
    nonces = re.findall(r"'nonce-([^']+)'", " ".join(_policy(response)["script-src"]))
    assert len(nonces) == 1
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert len(inline) == 2  # govuk-frontend's js-enabled line and its initAll()
    assert all(f'nonce="{nonces[0]}"' in attributes for attributes in inline)
    assert (
        Client().get("/riverside/missed-bin/apply/")["Content-Security-Policy"] != response["Content-Security-Policy"]
    )  # a fresh nonce each time


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("riverside-waste", "/work/"),
        ("riverside-designer", "/admin/"),
        ("riverside-designer", "/admin/casework/service/"),
    ],
)
def test_officer_and_admin_pages_have_the_policy(demo, username, url):
    client = Client()
    client.force_login(demo.user(username))
    response = client.get(url)
    assert response.status_code == 200, url
    _assert_strict_scripts(response, url)


def test_the_login_and_error_pages_have_the_policy(demo):
    for url, status in (("/accounts/login/", 200), ("/admin/login/", 200), ("/riverside/no-such-service/start/", 404)):
        response = Client().get(url)
        assert response.status_code == status, url
        _assert_strict_scripts(response, url)
