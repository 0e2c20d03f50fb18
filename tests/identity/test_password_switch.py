"""Password sign-in can be switched off where SSO is configured (PASSWORD_SIGN_IN=0), and only there."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "councilflow-demo"


@pytest.fixture
def sso_configured(settings):
    """SSO settings only: these tests never reach the provider, so none is started."""
    settings.OIDC_ISSUER = "http://127.0.0.1:9/not-contacted"
    settings.OIDC_RP_CLIENT_ID = "councilflow"
    return settings


def test_with_password_sign_in_off_only_single_sign_on_is_offered_and_passwords_are_refused(demo, sso_configured):
    sso_configured.PASSWORD_SIGN_IN_ENABLED = False
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with your council account" in page and 'name="password"' not in page

    refused = client.post("/accounts/login/", {"username": "riverside-waste", "password": DEMO_PASSWORD})
    assert refused.status_code == 403 and "Password sign-in is switched off" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    admin_login = client.get("/admin/login/?next=/admin/")
    assert admin_login.status_code == 302 and admin_login["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert client.post("/admin/login/", {"username": "riverside-admin", "password": DEMO_PASSWORD}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_both_are_offered_by_default(demo, sso_configured):
    page = Client().get("/accounts/login/").content.decode()
    assert "Sign in with your council account" in page and 'name="password"' in page


def test_without_sso_the_switch_cannot_lock_everyone_out(demo, settings):
    settings.PASSWORD_SIGN_IN_ENABLED = False
    client = Client()
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/login/", {"username": "riverside-waste", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
