"""Sign-in pages: the staff sign-in (password and/or SSO), the SSO callback's refusals, and MFA set-up and check."""

from __future__ import annotations

from io import BytesIO
from typing import Any, cast

import qrcode
import qrcode.image.svg
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from mozilla_django_oidc import views as oidc_views

from .backends import REFUSAL_UNMAPPED
from .mfa import mfa_code_check, mfa_enrolled, mfa_throttled, totp_device_confirm, totp_device_pending
from .provider import ProviderUnavailable, oidc_setting, password_sign_in_enabled, sso_enabled
from .sessions import session_mfa_verify


class StaffLoginView(auth_views.LoginView):
    """The officer sign-in page, offering SSO when configured and the password form unless it is switched off."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": sso_enabled(),
            "password_enabled": password_sign_in_enabled(),
            "sso_provider_name": oidc_setting("OIDC_PROVIDER_NAME", "your council account"),
        }


class SsoStartView(oidc_views.OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the library reads the provider here; this view reads it per request

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            return render(request, "identity/sso_failed.html", {"reason": "not_configured"}, status=404)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            return render(request, "identity/sso_failed.html", {"reason": "unavailable"}, status=503)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class SsoCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def login_failure(self) -> HttpResponse:
        if getattr(self.request, "identity_refusal", None) == REFUSAL_UNMAPPED:
            return HttpResponseRedirect(reverse("identity:no_access"))
        return HttpResponseRedirect(reverse("identity:sso_failed"))


class StaffLogoutView(oidc_views.OIDCLogoutView):
    """Sign out here; an SSO session is also ended at the provider (OIDC RP-initiated logout)."""

    get_settings = staticmethod(oidc_setting)


def no_access(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/no_access.html", status=403)


def sso_failed(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/sso_failed.html", {"reason": "refused"}, status=400)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("casework:inbox")


def _qr_svg(url: str) -> str:
    buffer = BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # inline in HTML: without the XML declaration


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the code, type the first number, receive the recovery codes once."""
    user = cast(User, request.user)  # login_required
    if mfa_enrolled(user) and request.method == "GET" and "again" not in request.GET:
        return HttpResponseRedirect(f"{reverse('identity:mfa_verify')}?next={_next_url(request)}")
    device = totp_device_pending(user)
    error = ""
    if request.method == "POST":
        codes = totp_device_confirm(user=user, device=device, code=request.POST.get("code", ""))
        if codes is not None:
            session_mfa_verify(request.session, user=user)
            return render(request, "identity/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        error = "That code did not match. Type the 6-digit number your app shows now."
    context = {
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # made here from our own data, not user input
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "error": error,
        "next": _next_url(request),
    }
    return render(request, "identity/mfa_setup.html", context, status=400 if error else 200)


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the authenticator code (or a recovery code) once per password sign-in."""
    user = cast(User, request.user)  # login_required
    if not mfa_enrolled(user):
        return HttpResponseRedirect(f"{reverse('identity:mfa_setup')}?next={_next_url(request)}")
    error = ""
    if request.method == "POST":
        if mfa_throttled(user):
            error = "Too many wrong codes. Wait a minute, then type the number your app shows."
        elif mfa_code_check(user=user, code=request.POST.get("code", "")):
            session_mfa_verify(request.session, user=user)
            return HttpResponseRedirect(_next_url(request))
        else:
            error = "That code did not match. Type the number your app shows now, or one of your recovery codes."
    return render(
        request, "identity/mfa_verify.html", {"error": error, "next": _next_url(request)}, status=400 if error else 200
    )
