"""OAuth2 client credentials for back-office systems: which council a token acts for, and what it may do.

Tokens come from POST /api/oauth/token/ (grant_type=client_credentials) and expire after
OAUTH2_PROVIDER["ACCESS_TOKEN_EXPIRE_SECONDS"]. A client asks only for scopes its ApiClient row allows;
every API query is then scoped to that council exactly like an officer's (api_council_ids).
"""

from __future__ import annotations

from typing import Any

from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from councils.scoping import council_ids_for

from .models import ApiClient


class CouncilClientValidator(OAuth2Validator):
    """Only applications registered as an ApiClient get tokens, and only for the scopes it was given."""

    def _allowed(self, client: Any) -> list[str] | None:
        row = (
            ApiClient.objects.filter(application=client, revoked_at__isnull=True)
            .values_list("scopes", flat=True)
            .first()
        )
        return list(row) if row is not None else None

    def validate_scopes(
        self, client_id: str, scopes: list[str], client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        allowed = self._allowed(client)
        return (
            allowed is not None
            and set(scopes) <= set(allowed)
            and super().validate_scopes(client_id, scopes, client, request, *args, **kwargs)
        )

    def get_default_scopes(self, client_id: str, request: Any, *args: Any, **kwargs: Any) -> list[str]:
        """A token request without `scope` gets every scope the client was given."""
        return self._allowed(request.client) or []


def token_client(request: Request) -> ApiClient | None:
    """The ApiClient behind this request's bearer token, or None for a signed-in officer."""
    token = request.auth
    if not isinstance(token, AccessToken):
        return None
    cached = getattr(request, "_councilflow_api_client", None)
    if cached is None:
        cached = (
            ApiClient.objects.select_related("council", "user")
            .filter(application_id=token.application_id, revoked_at__isnull=True)
            .first()
        )
        request._councilflow_api_client = cached  # type: ignore[attr-defined]
    return cached


def api_council_ids(request: Request, *perms: str) -> list[int]:
    """The councils this request may read: the token's one council, or the officer's (for any of `perms`)."""
    if isinstance(request.auth, AccessToken):
        client = token_client(request)
        return [client.council_id] if client else []
    ids: set[int] = set()
    for perm in perms or ("work_cases",):
        ids.update(council_ids_for(request.user, perm))
    return sorted(ids)


class ScopedClient(BasePermission):
    """Only a live token of a registered client holding the view's `required_scopes` (API writes: officers use
    their pages, whose forms carry CSRF tokens)."""

    message = "Send a bearer token of an API client with the scope this endpoint needs."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not isinstance(request.auth, AccessToken):
            return False
        return OfficerOrScopedClient().has_permission(request, view) or self._refuse(request, view)

    def _refuse(self, request: Request, view: Any) -> bool:
        needed = getattr(view, "required_scopes", None) or []
        token = request.auth
        missing = [s for s in needed if isinstance(token, AccessToken) and not token.allow_scopes([s])]
        self.message = f"This token lacks the scope {', '.join(missing)}." if missing else self.message
        return False


class OfficerOrScopedClient(BasePermission):
    """A signed-in officer, or a live token of a registered client holding the view's `required_scopes`."""

    message = "Sign in, or send a bearer token of an API client with the scope this endpoint needs."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if isinstance(token, AccessToken):
            needed = getattr(view, "required_scopes", None) or []
            if not token.is_valid(needed) or token_client(request) is None:
                missing = [scope for scope in needed if not token.allow_scopes([scope])]
                self.message = f"This token lacks the scope {', '.join(missing)}." if missing else self.message
                return False
            return True
        return bool(request.user and request.user.is_authenticated)
