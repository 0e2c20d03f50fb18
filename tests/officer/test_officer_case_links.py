"""An officer links a duplicate report to the earlier case: both pages and timelines show it, scoped to the council."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from casework.models import CaseEvent, CaseLink, EventKind
from portal.links import case_tracking_path

pytestmark = pytest.mark.django_db


def test_link_a_duplicate_from_the_candidates_and_see_it_both_ways(demo, submit_missed_bin, officer_client):
    riverside = demo.service("riverside", "missed-bin")
    earlier = submit_missed_bin(riverside, email="first@example.org")
    later = submit_missed_bin(riverside, email="second@example.org")
    elsewhere = submit_missed_bin(riverside, email="third@example.org", postcode="RD9 9ZZ")
    client = officer_client("riverside-waste")

    assert "Look for possible duplicates" in client.get(f"/work/cases/{later.reference}/").content.decode()
    page = unescape(client.get(f"/work/cases/{later.reference}/", {"candidates": "1"}).content.decode())
    assert (
        "Possible duplicates" in page
        and f'{earlier.reference}</a> <span class="muted">Why: same postcode (RD1 2AB)' in page
    )
    assert f"duplicate of {elsewhere.reference}" not in page  # another postcode is no candidate

    later.refresh_from_db()
    linked = client.post(
        f"/work/cases/{later.reference}/links/",
        {"reference": earlier.reference.lower(), "kind": "duplicate_of", "version": later.version},
    )
    assert linked.status_code == 302
    link = CaseLink.objects.get()
    assert (link.from_case, link.to_case, link.kind) == (later, earlier, "duplicate_of")
    later_page = unescape(client.get(f"/work/cases/{later.reference}/").content.decode())
    earlier_page = unescape(client.get(f"/work/cases/{earlier.reference}/").content.decode())
    assert f'Duplicate of <a href="/work/cases/{earlier.reference}/">{earlier.reference}</a>' in later_page
    assert f'Has a duplicate <a href="/work/cases/{later.reference}/">{later.reference}</a>' in earlier_page
    again = unescape(client.get(f"/work/cases/{later.reference}/", {"candidates": "1"}).content.decode())
    assert "No open case of this service at the same property or postcode." in again  # the linked one is not offered
    resident = unescape(Client().get(case_tracking_path(later)).content.decode())
    assert f"We already have a report of this problem ({earlier.reference}) and will deal with it there." in resident
    assert (
        later.reference not in unescape(Client().get(case_tracking_path(earlier)).content.decode()).split("<main")[-1]
    )
    summaries = set(CaseEvent.objects.filter(kind=EventKind.CASE_LINKED).values_list("case", "summary"))
    assert summaries == {
        (later.pk, f"Duplicate of {earlier.reference}"),
        (earlier.pk, f"Has a duplicate {later.reference}"),
    }


def test_refused_links_say_why_and_create_nothing(demo, submit_missed_bin, officer_client):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    other = submit_missed_bin(demo.service("riverside", "missed-bin"), email="b@example.org")
    hillford = submit_missed_bin(demo.service("hillford", "missed-bin"))
    client = officer_client("riverside-waste")
    for posted, message in (
        ({"reference": hillford.reference, "kind": "related_to"}, f"There is no case {hillford.reference} you can see"),
        ({"reference": case.reference, "kind": "related_to"}, "A case cannot be linked to itself"),
        ({"reference": "", "kind": "related_to"}, "Enter the reference of the other case"),
        ({"reference": other.reference, "kind": "twin_of"}, "Select how the cases are linked"),
    ):
        case.refresh_from_db()
        refused = client.post(f"/work/cases/{case.reference}/links/", {**posted, "version": case.version})
        assert refused.status_code == 400 and message in unescape(refused.content.decode()), message
    assert not CaseLink.objects.exists() and not CaseEvent.objects.filter(kind=EventKind.CASE_LINKED).exists()

    case.refresh_from_db()
    client.post(
        f"/work/cases/{case.reference}/links/",
        {"reference": other.reference, "kind": "related_to", "version": case.version},
    )
    other.refresh_from_db()
    again = client.post(
        f"/work/cases/{other.reference}/links/",
        {"reference": case.reference, "kind": "related_to", "version": other.version},
    )
    assert again.status_code == 400 and f"This case is already linked to {case.reference}" in unescape(
        again.content.decode()
    )
    third = submit_missed_bin(demo.service("riverside", "missed-bin"), email="c@example.org")
    stale = client.post(
        f"/work/cases/{case.reference}/links/", {"reference": third.reference, "kind": "related_to", "version": 0}
    )
    assert stale.status_code == 409  # drawn from an old version of the case: the conflict page, nothing linked
    assert CaseLink.objects.count() == 1
    assert (
        officer_client("hillford-waste")
        .post(
            f"/work/cases/{case.reference}/links/", {"reference": other.reference, "kind": "related_to", "version": 99}
        )
        .status_code
        == 404
    )
