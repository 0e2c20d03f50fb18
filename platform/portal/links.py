"""Signed, expiring links for residents: no login, nothing guessable in the URL."""
from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

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
        raise LinkInvalid("This link has expired") from exc
    except signing.BadSignature as exc:
        raise LinkInvalid("This link is not valid") from exc
    return int(value["case"]), str(value["ref"])
