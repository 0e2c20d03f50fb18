"""Inbox, case page and search cost the same number of queries for 10 or 200 cases (at most 13 each).

The exact figures are pinned per page, so a new query shows up here rather than in the 100,000-case benchmark.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import CaseTask
from casework.queues import PAGE_SIZE
from casework.services.notes import case_note_add
from casework.services.tasks import task_claim
from query_counts import assert_query_count

# Every statement counts (a transaction's BEGIN and COMMIT too): session, user, councils (work_cases), then
# the page's own queries.
EXPECTED = {
    "overview": 10,  # + teams, memberships, my page, previews (ids, rows), presence, counts
    "team queue": 10,  # + teams, memberships, page, presence, councils (lead_teams), counts, services
    "filtered queue": 10,  # as the team queue: the unclaimed half is on track (due in 10 days)
    "case page, first visit": 13,  # + case, access log insert, presence upsert, timeline, tasks, duplicates, attachments, others here, other cases, links
    "case page": 13,  # case, access log insert, presence upsert, timeline, tasks, duplicates, attachments, others here, links, other cases
    "search": 6,  # + ranked ids, cases, services
}


def _cases(demo, submit_missed_bin, count: int):
    service = demo.service("riverside", "missed-bin")
    sam = demo.user("riverside-waste")
    cases = [
        submit_missed_bin(service, your_name=f"Resident {i}", email=f"r{i}@example.org", details="overflowing")
        for i in range(count)
    ]
    for case in cases[: count // 2]:
        task_claim(sam, CaseTask.objects.get(case=case, is_open=True))
    # Whatever the weekday, the unclaimed half is "on track" (not due within 2 days), so the filtered queue has rows.
    CaseTask.objects.filter(case__in=cases[count // 2 :]).update(due_at=timezone.now() + timedelta(days=10))
    busy = cases[0]
    for i in range(count // 10):
        busy.refresh_from_db()
        case_note_add(sam, busy, text=f"note {i}", version=busy.version)
    return busy, cases[-1], cases[-2], cases


@pytest.mark.parametrize("count", [10, 200])
def test_pages_use_a_constant_number_of_queries(demo, submit_missed_bin, officer_client, count):
    busy, unvisited, other, cases = _cases(demo, submit_missed_bin, count)
    client = officer_client("riverside-leader")
    waste = demo.user("riverside-leader").teams.get(slug="waste", council__slug="riverside")
    pages = [
        ("overview", "/work/"),
        ("team queue", f"/work/?queue={waste.pk}"),
        ("filtered queue", f"/work/?queue={waste.pk}&sla=on_track&channel=web&assigned=unassigned"),
        ("case page, first visit", f"/work/cases/{unvisited.reference}/"),
        ("case page", f"/work/cases/{busy.reference}/"),
        ("search", "/work/search/?q=overflowing"),
    ]
    for _, url in pages:  # per-process caches (compiled forms, flow classes, content types), as on a running server
        client.get(url.replace(unvisited.reference, other.reference))
    assert [name for name, _ in pages] == list(EXPECTED)
    for name, url in pages:
        with assert_query_count(EXPECTED[name], label=f"{name} ({url}, {count} cases)"):
            response = client.get(url)
        assert response.status_code == 200, url
    # The team queue's first page: the oldest cases, most urgent first (due dates follow submission order), the
    # busy case (notes, claimed) among them, one page long however many there are.
    queue_html = client.get(f"/work/?queue={waste.pk}").content.decode()
    listed = list(dict.fromkeys(re.findall(r'href="/work/cases/([A-Z0-9-]+)/"', queue_html)))
    assert listed == [case.reference for case in cases[: min(count, PAGE_SIZE)]]
    assert listed[0] == busy.reference
