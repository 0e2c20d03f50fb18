"""The officer benchmark's SQL copies of seeded cases are cases every officer page shows and search finds.

At a million cases the benchmark seeds a base through the app and copies it in SQL (benchmarks/officer_seed.py,
PostgreSQL only); a copy must have its own reference, customer, tasks, timeline and search document.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from benchmarks.officer_seed import cases_copy
from casework.models import Case, CaseEvent, CaseSearchDocument, CaseTask, Customer
from casework.search import case_search

pytestmark = pytest.mark.django_db


def test_copies_have_their_own_reference_postcode_tasks_timeline_and_search_document(demo, submit_missed_bin):
    if connection.vendor != "postgresql":
        pytest.skip("the copies are PostgreSQL SQL (SQLite seeds through the app)")
    service = demo.service("riverside", "missed-bin")
    original = submit_missed_bin(service, your_name="Wendy Wombat", email="wendy@example.org", postcode="RD7 9XY")
    before = {m: m.objects.count() for m in (Case, Customer, CaseTask, CaseEvent, CaseSearchDocument)}

    cases_copy(2)

    assert {m: m.objects.count() for m in before} == {m: 3 * n for m, n in before.items()}
    copies = list(Case.objects.filter(customer__name="Wendy Wombat").exclude(pk=original.pk).order_by("pk"))
    assert len(copies) == 2
    references = {original.reference, *(c.reference for c in copies)}
    assert len(references) == 3
    postcodes = {original.customer.postcode, *(c.customer.postcode for c in copies)}
    assert len(postcodes) == 3 and all(p.startswith("RD7 ") for p in postcodes)
    sam = demo.user("riverside-waste")
    for copy in copies:
        assert CaseTask.objects.filter(case=copy, is_open=True).count() == 1
        assert CaseEvent.objects.filter(case=copy).count() == CaseEvent.objects.filter(case=original).count()
        assert case_search(sam, copy.reference)[0] == copy
        assert case_search(sam, copy.customer.postcode) == [copy]
        assert copy.customer.postcode in str(copy.answers.values())
    assert case_search(sam, original.customer.postcode) == [original]
    client = Client()
    client.force_login(sam)
    assert client.get(f"/work/cases/{copies[-1].reference}/").status_code == 200
    fresh = submit_missed_bin(service, your_name="After Copies", email="after@example.org")
    assert fresh.reference not in references  # the reference counter moved past the copies
