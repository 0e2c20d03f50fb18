"""An officer of another council cannot reach this council's cases or tasks: 404, never 403 or an empty 200."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.models import CaseTask


@pytest.fixture
def riverside_case(demo, submit_missed_bin):
    return submit_missed_bin(demo.service("riverside", "missed-bin"))


@pytest.fixture
def hillford_officer(demo):
    client = Client()
    client.force_login(demo.user("hillford-waste"))
    return client


def test_other_councils_case_page_is_404(riverside_case, hillford_officer):
    assert hillford_officer.get(f"/work/cases/{riverside_case.reference}/").status_code == 404


def test_other_councils_task_urls_are_404(riverside_case, hillford_officer):
    task = CaseTask.objects.get(case=riverside_case)
    assert hillford_officer.get(f"/work/tasks/{task.pk}/").status_code == 404
    assert hillford_officer.post(f"/work/tasks/{task.pk}/claim/").status_code == 404
    assert hillford_officer.post(f"/work/tasks/{task.pk}/release/").status_code == 404
    assert hillford_officer.post(f"/work/tasks/{task.pk}/", {"outcome": "collected"}).status_code == 404
    task.task.refresh_from_db()
    assert task.task.owner_id is None and task.is_open


def test_other_councils_cases_are_not_in_queues_or_search(riverside_case, hillford_officer):
    assert riverside_case.reference not in hillford_officer.get("/work/").content.decode()
    results = hillford_officer.get("/work/search/", {"q": riverside_case.reference}).content.decode()
    assert "No cases match" in results and f'href="/work/cases/{riverside_case.reference}/"' not in results
    own = Client()
    own.force_login(CaseTask.objects.get(case=riverside_case).team.members.first())
    assert (
        f'href="/work/cases/{riverside_case.reference}/"'
        in own.get("/work/search/", {"q": riverside_case.reference}).content.decode()
    )


def test_officer_pages_need_a_login(riverside_case):
    response = Client().get(f"/work/cases/{riverside_case.reference}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
