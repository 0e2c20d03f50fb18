"""Finding the resident behind a case the way people expect: any phone spacing, any email case, the same property."""

from __future__ import annotations

import pytest

from casework.customers import customer_match_or_create, live_customer_find, phone_normalise
from casework.models import Case, Customer
from casework.search import case_search
from casework.services.customers import customer_duplicates
from casework.services.submission import case_submit

COMPLAINT = {
    "about": "Housing",
    "what_happened": "Nobody came to fix the boiler",
    "outcome_wanted": "A repair date",
    "your_name": "Priya Shah",
}


def _complaint(demo, **answers) -> Case:
    return case_submit(service=demo.service("riverside", "complaint"), answers={**COMPLAINT, **answers})


@pytest.mark.parametrize(
    "typed",
    ["07700 900999", "07700900999", "+447700900999", "+44 7700 900999", "+44 (0)7700 900 999", "0044 7700 900999"],
)
def test_phone_numbers_are_stored_in_e164(typed):
    assert phone_normalise(typed) == "+447700900999"


def test_text_that_is_no_phone_number_is_kept_as_typed():
    assert phone_normalise("  evenings only ") == "evenings only"
    assert phone_normalise("+33 1 23 45 67 89") == "+33123456789"


def test_phone_number_variants_find_one_customer(demo):
    first = _complaint(demo, email="priya@example.org", phone="07700 900999")
    again = _complaint(demo, email="priya.shah@work.example", phone="+44 7700 900999")
    third = _complaint(demo, email="PRIYA@Example.org")  # the email in another case
    assert first.customer_id == again.customer_id == third.customer_id
    customer = Customer.objects.get(pk=first.customer_id)
    assert customer.phone == "+447700900999" and Customer.objects.filter(council=first.council).count() == 1


def test_the_look_up_finds_what_the_orm_finds(demo):
    """The look-up's SQL is compiled once and reused: it must pick the same row as the queryset it stands for."""
    riverside, hillford = demo.council("riverside"), demo.council("hillford")
    kept = Customer.objects.create(council=riverside, name="Bea", email="a_b@example.org", phone="+447700900111")
    Customer.objects.create(council=riverside, name="Abe", email="A_B@EXAMPLE.ORG", merged_into=kept)
    Customer.objects.create(council=riverside, name="Cy", email="axb@example.org", phone="+447700900222")
    Customer.objects.create(council=riverside, name="Al", email="a_b@example.org")
    Customer.objects.create(council=hillford, name="Aa", email="a_b@example.org", phone="+447700900111")
    probes = [
        ("email__iexact", "A_b@Example.org"),  # two live matches: the first by name
        ("email__iexact", "a%b@example.org"),  # % and _ are no wildcards
        ("email__iexact", "axb@example.org"),
        ("email__iexact", "nobody@example.org"),
        ("phone", "+447700900111"),
        ("phone", "+447700900333"),
    ]
    for council in (riverside, hillford):
        for lookup, value in probes:
            expected = Customer.objects.filter(council=council, merged_into=None, **{lookup: value}).first()
            found = live_customer_find(council, lookup=lookup, value=value)
            assert found == expected, (council.slug, lookup, value)
            if found is not None:
                assert (found.created_at, found.name) == (expected.created_at, expected.name)
    assert live_customer_find(riverside, lookup="email__iexact", value="a_b@example.org").name == "Al"


def test_the_same_phone_at_another_council_is_another_customer(demo):
    riverside = customer_match_or_create(demo.council("riverside"), {"phone": "07700 900999"})
    hillford = customer_match_or_create(demo.council("hillford"), {"phone": "+447700900999"})
    assert riverside.pk != hillford.pk


def test_officers_find_the_case_by_the_number_however_they_type_it(demo):
    case = _complaint(demo, email="priya@example.org", phone="07700 900999")
    sam = demo.user("riverside-complaints")
    for query in ["07700 900999", "07700900999", "+44 7700 900999", "+447700900999"]:
        assert case_search(sam, query) == [case], query
    assert case_search(demo.user("hillford-complaints"), "07700 900999") == []


def test_a_shared_uprn_is_offered_as_a_possible_match_with_its_reason(demo):
    council = demo.council("riverside")
    ann = Customer.objects.create(council=council, name="Ann Example", email="ann@example.com", uprn="100023336956")
    lodger = customer_match_or_create(
        council, {"name": "Bo Lodger", "email": "bo@example.com", "uprn": "1000 2333 6956"}
    )
    assert lodger.pk != ann.pk and lodger.uprn == "100023336956"  # one property, two people: never merged by itself
    matches = customer_duplicates(lodger)
    assert [(m.customer, m.reasons) for m in matches] == [(ann, ("same property (UPRN 100023336956)",))]


def test_reasons_name_every_detail_that_matches(demo):
    council = demo.council("riverside")
    one = Customer.objects.create(
        council=council, name="Dee Upton", email="dee@example.org", phone="+447700900123", postcode="RD1 2AB"
    )
    two = Customer.objects.create(
        council=council, name="dee upton", email="DEE@example.org", phone="+447700900123", postcode="RD1 2AB"
    )
    (match,) = customer_duplicates(one)
    assert match.customer == two
    assert match.reason == "same email address; same phone number (07700 900123); same name and postcode"


def test_the_officer_merges_a_possible_match_from_the_case_page(demo, officer_client):
    council = demo.council("riverside")
    case = _complaint(demo, email="priya@example.org", phone="07700 900999")
    stray = Customer.objects.create(council=council, name="P Shah", phone="+447700900999", uprn="100023336956")
    older = _complaint(demo, email="p.shah@example.org")
    Case.objects.filter(pk=older.pk).update(customer=stray)

    client = officer_client("riverside-complaints")
    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Possible duplicate records" in page and "Why: same phone number (07700 900999)" in page
    assert "07700 900999" in page  # the customer's number as people write it

    merged = client.post(
        f"/work/cases/{case.reference}/merge-customer/", {"source": stray.pk, "target": case.customer_id}
    )
    assert merged.status_code == 302
    stray.refresh_from_db()
    older.refresh_from_db()
    assert stray.merged_into_id == case.customer_id and older.customer_id == case.customer_id
    target = Customer.objects.get(pk=case.customer_id)
    assert target.uprn == "100023336956"  # blanks filled from the merged record
    assert older.events.filter(kind="customer_changed", summary__contains="merged into").exists()
    here = case.events.get(kind="customer_changed")
    assert here.actor == demo.user("riverside-complaints") and "1 case(s) moved across" in here.summary
    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert older.reference in page and "Possible duplicate records" not in page


def test_another_councils_officer_cannot_merge(demo, officer_client):
    case = _complaint(demo, email="priya@example.org", phone="07700 900999")
    stray = Customer.objects.create(council=case.council, name="P Shah", phone="+447700900999")
    client = officer_client("hillford-complaints")
    refused = client.post(
        f"/work/cases/{case.reference}/merge-customer/", {"source": stray.pk, "target": case.customer_id}
    )
    assert refused.status_code == 404
    stray.refresh_from_db()
    assert stray.merged_into_id is None
