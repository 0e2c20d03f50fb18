"""One search finds open and closed cases by what officers remember, and only in their own council."""

from __future__ import annotations

from casework.models import CaseTask
from casework.search import SearchFilters, case_search
from casework.services.notes import case_note_add
from casework.services.resolution import case_resolution_confirm
from casework.services.tasks import task_complete


def _closed_case(demo, claimed_case):
    case = claimed_case(
        your_name="Bernadette Okonkwo", email="bern@example.org", postcode="RD7 9XY", address="4 Mill Lane"
    )
    sam = demo.user("riverside-waste")
    case_note_add(sam, case, text="Neighbour's wheelbarrow blocked the gate", version=case.version)
    task_complete(sam, CaseTask.objects.get(case=case, is_open=True), outcome="collected")
    case.refresh_from_db()
    return case_resolution_confirm(case, satisfaction=4)


def test_search_finds_a_closed_case_by_postcode_note_word_and_name_never_another_council(
    demo, claimed_case, submit_missed_bin, officer_client
):
    closed = _closed_case(demo, claimed_case)
    assert closed.case_status == "closed"
    other = submit_missed_bin(
        demo.service("riverside", "missed-bin"), your_name="Someone Else", email="else@example.org"
    )
    hillford = submit_missed_bin(
        demo.service("hillford", "missed-bin"),
        your_name="Bernadette Okonkwo",
        postcode="RD7 9XY",
        email="b2@example.org",
    )
    sam = demo.user("riverside-waste")

    for query in (
        "RD7 9XY",
        "rd79xy",
        "wheelbarrow",
        "Bernadette",
        "okonkwo bern",
        "bern@example.org",
        closed.reference,
        "4 Mill Lane",
    ):
        found = case_search(sam, query)
        assert closed in found, query
        assert hillford not in found and other not in found, query
    assert case_search(sam, "wheelbarrow", filters=SearchFilters(status="open")) == []
    assert case_search(sam, "wheelbarrow", filters=SearchFilters(status="finished")) == [closed]
    # A whole-word query (an outward code) reads range by range on PostgreSQL, filters joined in the same way.
    assert closed in case_search(sam, "RD7", filters=SearchFilters(status="finished"))
    assert closed not in case_search(sam, "RD7", filters=SearchFilters(status="open"))
    assert case_search(demo.user("hillford-waste"), "wheelbarrow") == []
    assert case_search(demo.user("hillford-waste"), "Bernadette") == [hillford]
    assert case_search(demo.user("riverside-designer"), "Bernadette") == []  # no work_cases permission

    page = officer_client("riverside-waste").get("/work/search/", {"q": "wheelbarrow"})
    assert closed.reference in page.content.decode() and hillford.reference not in page.content.decode()


def test_exact_reference_ranks_first_and_customer_edits_are_searchable(demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    first = submit_missed_bin(service, details="ref in words")
    second = submit_missed_bin(service, your_name="Carys Vaughan", email="carys@example.org")
    sam = demo.user("riverside-waste")
    assert case_search(sam, second.reference)[0] == second
    customer = second.customer
    customer.phone = "01632 960123"
    customer.save(update_fields=["phone"])
    assert case_search(sam, "01632960123") == [second]
    assert case_search(sam, "01632 960123") == [second]
    assert first not in case_search(sam, "Carys")


def test_only_the_newest_matches_are_ranked_but_the_exact_reference_always_comes_first(
    demo, submit_missed_bin, monkeypatch
):
    from casework.search import query as search_query

    service = demo.service("riverside", "missed-bin")
    # The oldest matches "zebra" best (three times), so it would rank first if every match were ranked.
    oldest = submit_missed_bin(service, your_name="Zebra Zebra", address="1 Zebra Lane", email="z1@example.org")
    # The newer two mention the oldest's reference, so a search for it matches all three.
    middle = submit_missed_bin(service, your_name="Ann Zebra", email="z2@example.org", details=oldest.reference)
    newest = submit_missed_bin(service, your_name="Bo Zebra", email="z3@example.org", details=oldest.reference)
    sam = demo.user("riverside-waste")
    assert case_search(sam, "zebra")[0] == oldest
    monkeypatch.setattr(search_query, "RANK_WINDOW", 2)
    assert set(case_search(sam, "zebra", limit=2)) == {middle, newest}  # the oldest is outside the window
    assert case_search(sam, oldest.reference, limit=2)[0] == oldest  # outside the window, yet first
    assert case_search(sam, "zebra", limit=3) == [oldest, newest, middle]  # the window is never below the limit


def test_an_outward_code_matches_that_district_alone_with_or_without_the_postcodes_space(demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    spaced = submit_missed_bin(service, postcode="RD3 4XY", email="s1@example.org")
    run_together = submit_missed_bin(service, postcode="RD34XY", email="s2@example.org")
    district_rd30 = submit_missed_bin(service, postcode="RD30 1AB", email="s3@example.org")
    sam = demo.user("riverside-waste")
    assert set(case_search(sam, "RD3")) == {spaced, run_together}  # not RD30, which "rd3" prefixes
    assert set(case_search(sam, "rd30")) == {district_rd30}
    assert set(case_search(sam, "RD3 4X")) == {spaced, run_together}  # the inward code typed in part
    assert set(case_search(sam, "rd34xy")) == {spaced, run_together}


def test_a_whole_reference_is_matched_word_for_word_a_partial_one_as_a_prefix(demo, submit_missed_bin):
    from casework.search.query import search_terms

    service = demo.service("riverside", "missed-bin")
    case = submit_missed_bin(service, email="r1@example.org")
    sam = demo.user("riverside-waste")
    code, year, number = case.reference.lower().split("-")
    assert search_terms([code, year, number]) == [(code, False), (year, False), (number, False)]
    assert search_terms([code + year + number]) == [(code + year + number, False)]
    assert search_terms([code, year, number[:4]])[-1] == (number[:4], True)
    assert case_search(sam, case.reference)[0] == case
    assert case_search(sam, case.reference.replace("-", ""))[0] == case
    assert case in case_search(sam, case.reference[:-2])  # typed in part: still found


def test_the_migration_adds_outward_codes_to_documents_that_lack_them(demo, submit_missed_bin):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from casework.models import CaseSearchDocument

    migration = importlib.import_module("casework.migrations.0018_search_postcode_parts")
    case = submit_missed_bin(demo.service("riverside", "missed-bin"), postcode="RD34XY", email="m1@example.org")
    document = CaseSearchDocument.objects.get(case=case)
    assert document.body.endswith(" rd3 4xy")
    old_body = document.body.removesuffix(" rd3 4xy")  # as documents were built before issue 21
    CaseSearchDocument.objects.filter(pk=case.pk).update(body=old_body)
    sam = demo.user("riverside-waste")
    assert case not in case_search(sam, "RD3")

    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    migration.postcode_parts_add(apps, SimpleNamespace(connection=connection, execute=execute))
    migration.postcode_parts_add(apps, SimpleNamespace(connection=connection, execute=execute))  # idempotent
    assert CaseSearchDocument.objects.get(case=case).body == old_body + " rd3 4xy"
    assert case in case_search(sam, "RD3")


def test_the_newest_matches_are_the_same_when_they_span_ranges_of_case_ids(demo, submit_missed_bin, monkeypatch):
    from casework.search import query as search_query

    service = demo.service("riverside", "missed-bin")
    a, b, c, d = (submit_missed_bin(service, your_name=f"Quagga {n}", email=f"q{n}@example.org") for n in range(4))
    sam = demo.user("riverside-waste")
    # Ranges counted down from the newest document: {d}, then {c}, then {b, a} and older.
    monkeypatch.setattr(search_query, "RANGES", (1, d.pk - b.pk))
    monkeypatch.setattr(search_query, "RANK_WINDOW", 1)
    assert case_search(sam, "quagga", limit=1) == [d]
    assert set(case_search(sam, "quagga", limit=2)) == {c, d}
    assert set(case_search(sam, "quagga", limit=3)) == {b, c, d}
    assert set(case_search(sam, "quagga", limit=9)) == {a, b, c, d}
    assert case_search(sam, a.reference, limit=1) == [a]  # the exact reference, from the oldest range


def test_words_matched_whole_rank_only_their_newest_limit_matches(demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    # The oldest holds "RD9" most often, so it ranks first whenever it is among the ranked matches.
    oldest = submit_missed_bin(service, postcode="RD9 1AA", address="RD9 House, RD9 Road", email="w1@example.org")
    middle = submit_missed_bin(service, postcode="RD9 2BB", email="w2@example.org")
    newest = submit_missed_bin(service, postcode="RD9 3CC", email="w3@example.org")
    sam = demo.user("riverside-waste")
    assert case_search(sam, "RD9", limit=3)[0] == oldest
    assert case_search(sam, "RD9", limit=2) == [newest, middle]  # the newest two, not the best two
