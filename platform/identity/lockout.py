"""Keeps django-axes' password lockout away from the SSO callback.

Axes counts every failed `authenticate()`; a refused SSO callback has no username, so its failures would pile
up per address and, behind a council's shared internet address, lock single sign-on for a whole office.
The callback cannot be used to guess passwords (its code comes from the provider and must match the session's
state), so it is not counted.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse


def sso_callback_exempt(request: HttpRequest, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: true for the SSO callback only."""
    return request.path == reverse("identity:sso_callback")
