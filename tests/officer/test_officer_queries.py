"""Inbox, case page and search cost the same number of queries for 10 or 200 cases (≤ 12 each)."""
from __future__ import annotations

import pytest

from casework.models import CaseTask
from casework.services.notes import case_note_add
from casework.services.tasks import task_claim


def _cases(demo, submit_missed_bin, count: int):
    service = demo.service("riverside", "missed-bin")
    sam = demo.user("riverside-waste")
    cases = [submit_missed_bin(service, your_name=f"Resident {i}", email=f"r{i}@example.org", details="overflowing") for i in range(count)]
    for case in cases[: count // 2]:
        task_claim(sam, CaseTask.objects.get(case=case, is_open=True))
    busy = cases[0]
    for i in range(count // 10):
        busy.refresh_from_db()
        case_note_add(sam, busy, text=f"note {i}", version=busy.version)
    return busy


@pytest.mark.parametrize("count", [10, 200])
def test_pages_use_a_constant_number_of_queries(demo, submit_missed_bin, officer_client, django_assert_max_num_queries, count):
    busy = _cases(demo, submit_missed_bin, count)
    client = officer_client("riverside-leader")
    waste = demo.user("riverside-leader").teams.get(slug="waste", council__slug="riverside")
    urls = [
        "/work/",
        f"/work/?queue={waste.pk}",
        f"/work/?queue={waste.pk}&sla=on_track&channel=web&assigned=unassigned",
        f"/work/cases/{busy.reference}/",
        "/work/search/?q=overflowing",
    ]
    for url in urls:
        client.get(url)  # warm per-process caches (compiled forms), as a running server would be
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200, url
    assert busy.reference in client.get(f"/work/?queue={waste.pk}").content.decode() or count > 50
