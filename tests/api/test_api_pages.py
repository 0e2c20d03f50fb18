"""API lists are cursor pages: every case exactly once, a capped page size, and 403/404 in the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework.models import Case


@pytest.fixture
def officer(demo):
    client = Client()
    client.force_login(demo.user("riverside-waste"))
    return client


def _walk(client: Client, url: str, **params) -> tuple[list[dict], int]:
    """Follow `next` links from the first page; returns every row and the number of pages."""
    rows, pages = [], 0
    page = client.get(url, params).json()
    while True:
        pages += 1
        rows += page["results"]
        if not page["next"]:
            return rows, pages
        page = client.get(page["next"]).json()


def test_paging_through_more_cases_than_a_page_returns_each_once(demo, officer, submit_missed_bin, settings):
    settings.API_PAGE_SIZE = 3
    service = demo.service("riverside", "missed-bin")
    cases = [submit_missed_bin(service) for _ in range(8)]
    submit_missed_bin(demo.service("hillford", "missed-bin"))  # another council's: never listed
    same_moment = timezone.now() - timedelta(days=1)
    Case.objects.filter(pk__in=[c.pk for c in cases[2:6]]).update(submitted_at=same_moment)  # ties across a page edge

    rows, pages = _walk(officer, "/api/v1/cases/")

    references = [row["reference"] for row in rows]
    assert sorted(references) == sorted(c.reference for c in cases)
    assert len(references) == len(set(references)) == 8 and pages == 3
    expected = list(
        Case.objects.filter(pk__in=[c.pk for c in cases])
        .order_by("-submitted_at", "-pk")
        .values_list("reference", flat=True)
    )
    assert references == expected  # newest first, ties by newest row


def test_tasks_and_services_are_paged_too(demo, officer, submit_missed_bin, settings):
    settings.API_PAGE_SIZE = 2
    service = demo.service("riverside", "missed-bin")
    for _ in range(5):
        submit_missed_bin(service)
    tasks, task_pages = _walk(officer, "/api/v1/tasks/")
    assert len(tasks) == len({t["task_id"] for t in tasks}) == 5 and task_pages == 3
    services, _ = _walk(officer, "/api/v1/services/")
    assert len(services) == len({s["id"] for s in services}) and {s["council"] for s in services} == {"riverside"}


def test_a_page_size_above_the_maximum_is_capped(demo, officer, submit_missed_bin, settings):
    settings.API_PAGE_SIZE = 2
    settings.API_MAX_PAGE_SIZE = 4
    service = demo.service("riverside", "missed-bin")
    for _ in range(6):
        submit_missed_bin(service)
    assert len(officer.get("/api/v1/cases/").json()["results"]) == 2
    assert len(officer.get("/api/v1/cases/", {"page_size": 3}).json()["results"]) == 3
    capped = officer.get("/api/v1/cases/", {"page_size": 1000}).json()
    assert len(capped["results"]) == 4 and capped["next"]


def test_a_forged_cursor_is_a_404_not_a_500(demo, officer):
    response = officer.get("/api/v1/cases/", {"cursor": "bz14"})  # base64 of "o=x": not an offset
    assert response.status_code == 404 and response.json()["detail"] == "Invalid cursor"


def test_the_schema_documents_paging_and_the_403_and_404_answers(demo, officer):
    schema = officer.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/cases/", "/api/v1/tasks/", "/api/v1/services/"):
        listing = schema["paths"][path]["get"]
        assert {"cursor", "page_size"} <= {p["name"] for p in listing["parameters"]}
        assert {"200", "403", "404"} <= set(listing["responses"])
        page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert {"next", "previous", "results"} <= set(schema["components"]["schemas"][page]["properties"])
    for path in ("/api/v1/cases/{reference}/", "/api/v1/tasks/{id}/", "/api/v1/services/{id}/"):
        detail = schema["paths"][path]["get"]["responses"]
        assert {"200", "403", "404"} <= set(detail)
        assert "another council" in detail["404"]["description"]
        assert detail["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Problem")


def test_another_councils_case_is_a_404_as_documented(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    hillford = Client()
    hillford.force_login(demo.user("hillford-waste"))
    assert hillford.get(f"/api/v1/cases/{case.reference}/").status_code == 404
    assert Client().get("/api/v1/cases/").status_code == 403
