"""The OpenID Connect sign-in: mozilla-django-oidc's code flow, plus the checks and mapping Councilflow needs.

Added on top of the library: the token's issuer, audience and expiry are checked (the library checks only
the signature and nonce); people are matched by the provider's subject before their email; groups come from
the ID token and the userinfo response (Entra ID sends groups only in the ID token); and every sign-in
re-applies the council mappings. A refused sign-in records why on the request, for the callback view.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import slugify
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .claims import claim_groups_from, claim_roles_apply, user_has_workspace
from .models import SsoIdentity
from .provider import ProviderUnavailable, oidc_setting, provider_issuer, sso_enabled

logger = logging.getLogger(__name__)

REFUSAL_UNMAPPED = "unmapped"
REFUSAL_INVALID = "invalid"


class CouncilflowOIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every sign-in, password ones too: without SSO this one just declines.
        self.UserModel = get_user_model()
        self.configured = False
        if not sso_enabled():
            return
        try:
            super().__init__(*args, **kwargs)
        except ProviderUnavailable as exc:
            logger.warning("single sign-on unavailable: %s", exc)
            return
        self.configured = True

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not self.configured or request is None or request.path != reverse("identity:sso_callback"):
            return None  # only the SSO callback signs in this way
        try:
            return super().authenticate(request, **kwargs)
        except (
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            ProviderUnavailable,
            KeyError,
            ValueError,
        ) as exc:
            # The message names the check that failed, never the token itself.
            logger.warning("single sign-on refused: %s", exc.__class__.__name__ + ": " + str(exc)[:200])
            request.identity_refusal = REFUSAL_INVALID  # type: ignore[attr-defined]  # read by the callback view
            return None

    def verify_token(self, token: str, **kwargs: Any) -> dict:
        payload = super().verify_token(token, **kwargs)
        leeway = int(getattr(settings, "OIDC_CLOCK_LEEWAY_SECONDS", 60))
        now = time.time()
        if not isinstance(payload.get("exp"), (int, float)) or payload["exp"] < now - leeway:
            raise SuspiciousOperation("ID token expired")
        if isinstance(payload.get("iat"), (int, float)) and payload["iat"] > now + leeway:
            raise SuspiciousOperation("ID token issued in the future")
        issuer = provider_issuer()
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token without a subject")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict) -> dict:
        userinfo = super().get_userinfo(access_token, id_token, payload) if self.OIDC_OP_USER_ENDPOINT else {}
        if userinfo.get("sub", payload["sub"]) != payload["sub"]:
            raise SuspiciousOperation("userinfo names another subject")
        names = self._group_claim_names()
        groups = claim_groups_from(payload, claim_names=names)
        groups += [g for g in claim_groups_from(userinfo, claim_names=names) if g not in groups]
        claims = {**payload, **userinfo, "sub": payload["sub"], "iss": payload.get("iss", "")}
        claims["councilflow_groups"] = groups
        self._last_claims = claims
        return claims

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict) -> QuerySet[User]:
        by_subject = self.UserModel.objects.filter(
            sso_identities__issuer=claims["iss"], sso_identities__subject=claims["sub"]
        )
        if by_subject.exists() or not getattr(settings, "OIDC_LINK_BY_EMAIL", True):
            return by_subject
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email).exclude(sso_identities__issuer=claims["iss"])

    def create_user(self, claims: dict) -> User:
        base = slugify(claims.get("preferred_username") or claims.get("email") or "")[:120] or "sso"
        username = base
        if self.UserModel.objects.filter(username=username).exists():
            username = f"{base}-{slugify(claims['sub'])[:20]}"
        user = self.UserModel.objects.create_user(username, email=claims.get("email", ""))
        return self.update_user(user, claims)

    def update_user(self, user: User, claims: dict) -> User:
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = str(claims.get("email") or user.email)[:254]
        user.save(update_fields=["first_name", "last_name", "email"])
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> User | None:
        with transaction.atomic():
            user = super().get_or_create_user(access_token, id_token, payload)
            if user is None:
                return None
            claims = self._last_claims
            SsoIdentity.objects.update_or_create(
                issuer=claims["iss"],
                subject=claims["sub"],
                defaults={"user": user, "last_groups": claims["councilflow_groups"]},
            )
            claim_roles_apply(user=user, groups=claims["councilflow_groups"])
        if not user_has_workspace(user):
            self.request.identity_refusal = REFUSAL_UNMAPPED
            return None
        return user

    def _group_claim_names(self) -> list[str]:
        names = getattr(settings, "OIDC_GROUPS_CLAIMS", ["groups", "roles"])
        return [names] if isinstance(names, str) else list(names)
