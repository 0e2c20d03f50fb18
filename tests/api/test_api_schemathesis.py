"""schemathesis against the live schema on a real server, with a client token holding every scope: no server
errors, and every answer's status code, content type and body are the ones the schema documents.

Each operation's cases come from schemathesis' Hypothesis strategy, driven here (its pytest plugin's lazy
fixture loader does not run under pytest 9)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.services import api_client_register
from councils.models import Team, TeamMembership

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_token(demo, token_of):
    row, secret = api_client_register(
        council=demo.council("riverside"), name="Fuzzer", scopes=["cases:read", "cases:write", "tasks", "events"]
    )
    TeamMembership.objects.create(team=Team.objects.get(council__slug="riverside", slug="waste"), user=row.user)
    return token_of(row.application.client_id, secret)


def test_the_api_answers_as_its_schema_says(live_server, demo, submit_missed_bin, api_token):
    submit_missed_bin(demo.service("riverside", "missed-bin"))
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    headers = {"Authorization": f"Bearer {api_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @settings(
            max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        @given(case=operation.as_strategy())
        def answers_as_documented(case):
            case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS, timeout=30)

        answers_as_documented()
