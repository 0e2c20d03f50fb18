"""Hostile JSON bodies sent to the API get a 400/413 naming the limit, never a 500 (the CSRF check parses them)."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.models import Case


@pytest.fixture
def browser_session(demo):
    """A signed-in officer whose requests are CSRF-checked, as a browser's are: the check reads the body."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(demo.user("riverside-waste"))
    client.cookies["csrftoken"] = "a" * 32
    return client


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (
            "[" * 100_000,
            400,
            "The request body is nested deeper than the limit of 64 levels (JSON_MAX_DEPTH) at line 1 column 65",
        ),
        ('{"a":' * 65 + "1" + "}" * 65, 400, "nested deeper than the limit of 64 levels (JSON_MAX_DEPTH)"),
        ("1" * 5000, 400, "The request body is not valid JSON: a number is longer than the limit of 4300 digits"),
        ('{"a": NaN}', 400, "NaN is not a JSON number"),
    ],
    ids=["brackets", "objects", "long-number", "nan"],
)
def test_a_hostile_body_is_refused_with_the_limit_named(browser_session, body, status, message):
    before = Case.objects.count()
    response = browser_session.post("/api/v1/cases/", data=body, content_type="application/json")
    assert response.status_code == status, response.content[:300]
    assert message in response.json()["detail"]
    assert Case.objects.count() == before


def test_a_body_over_json_max_bytes_is_a_413(browser_session, settings):
    settings.JSON_MAX_BYTES = 1000
    response = browser_session.post("/api/v1/cases/", data="[" + "1," * 600 + "1]", content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is larger than the limit of 1000 bytes (JSON_MAX_BYTES)"


def test_json_at_the_depth_limit_reaches_the_view(browser_session):
    response = browser_session.post("/api/v1/cases/", data="[" * 64 + "]" * 64, content_type="application/json")
    assert (
        response.status_code == 403 and "CSRF" in response.json()["detail"]
    )  # parsed; then the (bad) token is refused
