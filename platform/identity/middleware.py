"""Two sign-in rules enforced on every request: MFA for password sessions of privileged staff, and no
password sign-in at all where an installation has switched it off in favour of SSO."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from .mfa import mfa_enrolled, mfa_required_for
from .provider import password_sign_in_enabled
from .sessions import session_mfa_passed

# Staff areas behind the second factor; residents' pages, sign-in pages and static files are not.
DEFAULT_MFA_PATHS = ("/admin/", "/work/", "/reports/", "/sharing/", "/api/")
ADMIN_LOGIN_PATH = "/admin/login/"


class StaffSignInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._password_sign_in_refused(request) or self._second_factor_needed(request)
        return refused or self.get_response(request)

    def _password_sign_in_refused(self, request: HttpRequest) -> HttpResponse | None:
        if password_sign_in_enabled():
            return None
        if request.path == ADMIN_LOGIN_PATH:  # the admin's own password form: send people to the SSO page
            query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
            return HttpResponseRedirect(f"{reverse('login')}?{query}")
        if request.path == reverse("login") and request.method == "POST":
            return render(request, "identity/password_off.html", status=403)
        return None

    def _second_factor_needed(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not request.path.startswith(self._gated_paths()):
            return None
        if request.path == ADMIN_LOGIN_PATH or session_mfa_passed(request.session, user=user):
            return None
        if not mfa_required_for(user):
            return None
        step = "identity:mfa_verify" if mfa_enrolled(user) else "identity:mfa_setup"
        return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _gated_paths() -> tuple[str, ...]:
        return tuple(getattr(settings, "MFA_PATHS", DEFAULT_MFA_PATHS))
