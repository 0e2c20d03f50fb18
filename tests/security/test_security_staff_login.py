"""Staff sign-in: a lockout after AXES_FAILURE_LIMIT wrong passwords on both logins; Django's password rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.test import Client

DEMO_PASSWORD = "councilflow-demo"


def _sign_in(client: Client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password, "next": "/work/"})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_after_the_failure_limit_even_the_right_password_is_refused(demo, settings, url):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    wrong = [_sign_in(client, url, "riverside-designer", f"guess-{i}").status_code for i in range(5)]
    assert wrong[:4] == [200] * 4  # the form again, with its error
    assert wrong[4] == 429  # the fifth failure locks

    refused = _sign_in(client, url, "riverside-designer", DEMO_PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    body = refused.content.decode()
    assert "Too many failed sign-in attempts" in body
    assert "After 5 wrong passwords" in body and "locked for 15 minutes" in body
    assert "Even the right password is refused until then" in body
    assert client.get("/work/").status_code == 302  # still signed out


def test_the_lockout_is_for_that_username_from_that_address(demo, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    for i in range(3):
        _sign_in(attacker, "/accounts/login/", "riverside-waste", f"guess-{i}")
    assert _sign_in(attacker, "/accounts/login/", "riverside-waste", DEMO_PASSWORD).status_code == 429

    officer = Client(REMOTE_ADDR="198.51.100.5")  # the real officer at their desk is not locked out
    signed_in = _sign_in(officer, "/accounts/login/", "riverside-waste", DEMO_PASSWORD)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/work/"


def test_a_success_before_the_limit_resets_the_count(demo, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for i in range(2):
        _sign_in(client, "/accounts/login/", "riverside-waste", f"guess-{i}")
    assert _sign_in(client, "/accounts/login/", "riverside-waste", DEMO_PASSWORD).status_code == 302
    client.logout()
    for i in range(2):
        _sign_in(client, "/accounts/login/", "riverside-waste", f"again-{i}")
    assert _sign_in(client, "/accounts/login/", "riverside-waste", DEMO_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("short1", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("738291046571", "This password is entirely numeric."),
        ("riverside-designer", "The password is too similar to the username."),
    ],
)
def test_weak_passwords_are_refused_when_set(demo, weak, reason):
    user = demo.user("riverside-designer")
    form = SetPasswordForm(user, {"new_password1": weak, "new_password2": weak})
    assert not form.is_valid()
    assert reason in form.errors["new_password2"]


def test_the_admin_password_change_page_refuses_a_weak_password_and_keeps_the_old(demo):
    admin = Client()
    admin.force_login(demo.user("admin"))
    target = demo.user("riverside-waste")
    url = f"/admin/auth/user/{target.pk}/password/"
    response = admin.post(url, {"password1": "short1", "password2": "short1", "usable_password": "true"})
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(DEMO_PASSWORD)
