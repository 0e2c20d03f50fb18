"""MFA for password sign-ins: designers and admins set up an authenticator app (TOTP, django-otp) before they
reach a staff page, then give a code (or a single-use recovery code) at each password sign-in; case officers
are not asked. Codes are computed here with django-otp's own TOTP, as a phone would."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "councilflow-demo"


def _password_sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD, "next": "/work/"})
    assert response.status_code == 302, response.content
    return client


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The number the authenticator app shows (`steps_ahead` 30-second steps later, within the device's drift)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():0{device.digits}d}"


def test_a_designer_sets_up_an_authenticator_before_reaching_the_studio_then_gives_a_code_each_time(demo, settings):
    # django-otp refuses every code for a few seconds after a wrong one; off here, where wrong and right alternate.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    client = _password_sign_in("riverside-designer")

    gate = client.get("/admin/studio/")
    assert gate.status_code == 302 and gate["Location"] == "/accounts/mfa/setup/?next=%2Fadmin%2Fstudio%2F"
    setup = client.get(gate["Location"])
    assert setup.status_code == 200
    page = setup.content.decode()
    assert "<svg" in page and "Set up two-step sign-in" in page
    device = TOTPDevice.objects.get(user__username="riverside-designer", confirmed=False)
    assert re.search(r'id="totp-secret">([A-Z2-7]+)<', page)

    wrong = client.post("/accounts/mfa/setup/", {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "did not match" in wrong.content.decode()
    assert client.get("/work/").status_code == 302  # still gated

    done = client.post("/accounts/mfa/setup/", {"code": _code(device), "next": "/admin/studio/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\d{10})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/studio/").status_code == 200

    # The next password sign-in asks for a code from the same app.
    again = _password_sign_in("riverside-designer")
    gate = again.get("/work/")
    assert gate["Location"] == "/accounts/mfa/verify/?next=%2Fwork%2F"
    assert again.post("/accounts/mfa/verify/", {"code": "12345"}).status_code == 400
    device.refresh_from_db()
    passed = again.post("/accounts/mfa/verify/", {"code": _code(device, steps_ahead=1), "next": "/work/"})
    assert passed.status_code == 302 and passed["Location"] == "/work/"
    assert again.get("/work/").status_code == 200

    # A recovery code works once.
    lost_phone = _password_sign_in("riverside-designer")
    assert lost_phone.post("/accounts/mfa/verify/", {"code": codes[0]}).status_code == 302
    assert lost_phone.get("/admin/").status_code == 200
    reused = _password_sign_in("riverside-designer")
    assert reused.post("/accounts/mfa/verify/", {"code": codes[0]}).status_code == 400
    assert reused.get("/admin/").status_code == 302


def test_council_admins_are_asked_and_case_officers_are_not(demo):
    admin = _password_sign_in("riverside-admin")
    assert admin.get("/admin/")["Location"].startswith("/accounts/mfa/setup/")
    officer = _password_sign_in("riverside-waste")
    assert officer.get("/work/").status_code == 200


def test_a_next_address_elsewhere_is_not_followed(demo):
    client = _password_sign_in("riverside-designer")
    device = TOTPDevice.objects.create(user=demo.user("riverside-designer"), confirmed=True)
    response = client.post("/accounts/mfa/verify/", {"code": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/work/"


def test_mfa_can_be_switched_off_for_an_installation(demo, settings):
    settings.MFA_REQUIRED = False
    assert _password_sign_in("riverside-designer").get("/admin/studio/").status_code == 200


def test_after_a_wrong_code_even_the_right_one_waits(demo, settings):
    # An hour's throttle, so the refusal below does not depend on how fast the test runs.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 3600
    client = _password_sign_in("riverside-designer")
    device = TOTPDevice.objects.create(user=demo.user("riverside-designer"), confirmed=True)
    near = {_code(device, steps_ahead=step) for step in (-1, 0, 1)}
    wrong_code = next(code for code in ("000000", "111111", "222222", "333333") if code not in near)

    wrong = client.post("/accounts/mfa/verify/", {"code": wrong_code})
    assert wrong.status_code == 400 and "did not match" in wrong.content.decode()
    right = client.post("/accounts/mfa/verify/", {"code": _code(device)})
    assert right.status_code == 400 and "Too many wrong codes" in right.content.decode()
    assert client.get("/work/").status_code == 302
