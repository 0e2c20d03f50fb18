"""Where the installation's OpenID Connect provider lives: explicit OIDC_OP_* settings, else its discovery document.

Settings are read at each use (not at start-up) so an installation without SSO starts normally and the
test suite can point the same code at its own provider.
"""

from __future__ import annotations

from functools import lru_cache

import requests
from django.conf import settings
from mozilla_django_oidc.utils import import_from_settings

# Setting name → key in the provider's /.well-known/openid-configuration.
ENDPOINT_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}


class ProviderUnavailable(RuntimeError):
    """The provider's discovery document could not be read."""


def sso_enabled() -> bool:
    """SSO is on when a client is registered and the provider is known (by issuer or explicit endpoints)."""
    has_provider = bool(getattr(settings, "OIDC_ISSUER", "")) or bool(
        getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    )
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", "")) and has_provider


def password_sign_in_enabled() -> bool:
    """Password sign-in can be switched off only where SSO is configured, so nobody is ever locked out."""
    return getattr(settings, "PASSWORD_SIGN_IN_ENABLED", True) or not sso_enabled()


def provider_endpoint(setting_name: str) -> str:
    """The URL for one OIDC_OP_* setting; empty when neither the setting nor discovery names it."""
    explicit = getattr(settings, setting_name, "")
    if explicit:
        return explicit
    issuer = getattr(settings, "OIDC_ISSUER", "")
    if not issuer:
        return ""
    return str(provider_discovery(issuer=issuer).get(ENDPOINT_KEYS[setting_name], ""))


def provider_issuer() -> str:
    """The issuer tokens must name: the setting, else the one the discovery document declares."""
    return getattr(settings, "OIDC_ISSUER", "")


@lru_cache(maxsize=8)
def provider_discovery(*, issuer: str) -> dict:
    """The provider's discovery document (cached per issuer for the life of the process)."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", 10) or 10)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"Could not read {url}: {exc}") from exc


def oidc_setting(attr: str, *args: object) -> object:
    """mozilla-django-oidc's settings lookup, with provider endpoints filled from discovery when not set."""
    if attr in ENDPOINT_KEYS:
        value = provider_endpoint(attr)
        if value:
            return value
    return import_from_settings(attr, *args)
