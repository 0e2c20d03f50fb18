"""What a staff session records about how it signed in: the method, and whether a second factor was shown."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.sessions.backends.base import SessionBase

AUTH_METHOD_KEY = "identity_auth_method"
MFA_VERIFIED_KEY = "identity_mfa_verified"
METHOD_SSO = "sso"
METHOD_PASSWORD = "password"


def session_signed_in(session: SessionBase, *, method: str) -> None:
    """Record a fresh sign-in; any earlier second-factor proof is dropped with it."""
    session[AUTH_METHOD_KEY] = method
    session.pop(MFA_VERIFIED_KEY, None)


def session_mfa_verify(session: SessionBase, *, user: User) -> None:
    """Record that `user` gave a valid one-time code in this session."""
    session[MFA_VERIFIED_KEY] = user.pk


def session_mfa_passed(session: SessionBase, *, user: User) -> bool:
    """Signed in through SSO (the provider enforces its own MFA) or showed a code as this user."""
    return session.get(AUTH_METHOD_KEY) == METHOD_SSO or session.get(MFA_VERIFIED_KEY) == user.pk
