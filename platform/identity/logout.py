"""Where signing out sends someone: to the provider's end-session page for an SSO session, else the sign-in page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url

from .provider import provider_endpoint
from .sessions import AUTH_METHOD_KEY, METHOD_SSO


def logout_url_for(request: HttpRequest) -> str:
    """The OIDC_OP_LOGOUT_URL_METHOD hook: called before the Django session is cleared."""
    local = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    end_session = (
        provider_endpoint("OIDC_OP_LOGOUT_ENDPOINT") if request.session.get(AUTH_METHOD_KEY) == METHOD_SSO else ""
    )
    if not end_session:
        return resolve_url(settings.LOGOUT_REDIRECT_URL)
    params = {"post_logout_redirect_uri": local, "client_id": settings.OIDC_RP_CLIENT_ID}
    if request.session.get("oidc_id_token"):
        params["id_token_hint"] = request.session["oidc_id_token"]
    return f"{end_session}?{urlencode(params)}"
