"""Every sign-in records its method, so MFA can be asked of password sessions and not of SSO ones."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .sessions import METHOD_PASSWORD, METHOD_SSO, session_signed_in

SSO_BACKEND = "identity.backends.CouncilflowOIDCBackend"


@receiver(user_logged_in)
def sign_in_recorded(sender: type, request: Any, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    method = METHOD_SSO if getattr(user, "backend", "") == SSO_BACKEND else METHOD_PASSWORD
    session_signed_in(request.session, method=method)
