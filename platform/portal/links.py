"""Signed, expiring links for residents: no login, nothing guessable in the URL."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_noop

# Worded here, translated where they are shown (views/common.py link_invalid).
EXPIRED = gettext_noop("This link has expired")
NOT_VALID = gettext_noop("This link is not valid")

TRACKING_SALT = "councilflow.portal.tracking"


def case_tracking_token(case) -> str:
    return signing.dumps({"case": case.pk, "ref": case.reference}, salt=TRACKING_SALT, compress=True)


def case_tracking_path(case) -> str:
    return reverse("portal:track", kwargs={"token": case_tracking_token(case)})


def case_tracking_url(case) -> str:
    return settings.SITE_URL.rstrip("/") + case_tracking_path(case)


class LinkInvalid(Exception):
    """The link was altered, or has expired."""


def case_pk_from_tracking_token(token: str) -> tuple[int, str]:
    max_age = settings.TRACKING_LINK_MAX_AGE_DAYS * 24 * 3600
    try:
        value = signing.loads(token, salt=TRACKING_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkInvalid(EXPIRED) from exc
    except signing.BadSignature as exc:
        raise LinkInvalid(NOT_VALID) from exc
    return int(value["case"]), str(value["ref"])


CASES_SALT = "councilflow.portal.your-cases"
CASES_LINK_MAX_AGE_SECONDS = 24 * 3600  # a magic link is for now, not for keeps


def resident_cases_token(council, email: str) -> str:
    return signing.dumps({"council": council.pk, "email": email.strip().lower()}, salt=CASES_SALT, compress=True)


def resident_cases_url(council, email: str) -> str:
    path = reverse(
        "portal:your_cases_list", kwargs={"council_slug": council.slug, "token": resident_cases_token(council, email)}
    )
    return settings.SITE_URL.rstrip("/") + path


def resident_cases_from_token(token: str) -> tuple[int, str]:
    """(council pk, email) from a magic link; LinkInvalid when altered or older than a day."""
    max_age = getattr(settings, "RESIDENT_CASES_LINK_MAX_AGE_SECONDS", CASES_LINK_MAX_AGE_SECONDS)
    try:
        value = signing.loads(token, salt=CASES_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkInvalid(EXPIRED) from exc
    except signing.BadSignature as exc:
        raise LinkInvalid(NOT_VALID) from exc
    return int(value["council"]), str(value["email"])


SAVED_FORM_SALT = "councilflow.portal.saved-form"


def saved_form_url(saved) -> str:
    token = signing.dumps({"saved": str(saved.pk)}, salt=SAVED_FORM_SALT)
    path = reverse("portal:resume", args=[saved.service.council.slug, saved.service.slug, token])
    return settings.SITE_URL.rstrip("/") + path


def saved_form_id_from_token(token: str) -> str:
    """The saved form's id; the row's own expiry decides how long the link works."""
    try:
        return str(signing.loads(token, salt=SAVED_FORM_SALT)["saved"])
    except signing.BadSignature as exc:
        raise LinkInvalid(NOT_VALID) from exc
