"""The resident pages' service look-up written as SQL once (issue #21) gives what the ORM query gives."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import Service
from councils.models import Council
from portal.service_row import service_with_council_get


def _values(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}


def test_every_demo_service_reads_as_the_orm_reads_it(demo):
    Service.objects.filter(council__slug="riverside", slug="missed-bin").update(provenance={"from": ["a", 1]})
    Council.objects.filter(slug="riverside").update(map_south=51.25, welsh_enabled=True)
    expected = list(Service.objects.select_related("council"))
    assert len(expected) > 5
    for orm in expected:
        row = service_with_council_get(council_slug=orm.council.slug, service_slug=orm.slug)
        assert _values(row) == _values(orm), orm.slug
        assert _values(row.council) == _values(orm.council), orm.slug
        assert not row._state.adding and row._state.db == "default"
    missed_bin = service_with_council_get(council_slug="riverside", service_slug="missed-bin")
    assert missed_bin.provenance == {"from": ["a", 1]}  # JSON decoded, as the ORM does
    assert missed_bin.council.welsh_enabled is True and missed_bin.council.map_south == 51.25


def test_one_statement_and_the_council_comes_with_it(demo):
    service_with_council_get(council_slug="riverside", service_slug="missed-bin")  # the statement is written once
    with CaptureQueriesContext(connection) as queries:
        service = service_with_council_get(council_slug="hillford", service_slug="missed-bin")
        assert service.council.slug == "hillford" and service.council_id == service.council.pk
    assert len(queries.captured_queries) == 1


def test_another_councils_slug_or_an_unknown_one_is_none(demo):
    slug = Service.objects.create(
        council=Council.objects.get(slug="riverside"), slug="riverside-only", name="Riverside only"
    ).slug
    assert service_with_council_get(council_slug="hillford", service_slug=slug) is None
    assert service_with_council_get(council_slug="nowhere", service_slug="missed-bin") is None
    assert service_with_council_get(council_slug="riverside", service_slug="no-such-service") is None


def test_a_row_read_this_way_saves_as_an_update(demo):
    service = service_with_council_get(council_slug="riverside", service_slug="missed-bin")
    service.name = "Bins not emptied"
    service.save(update_fields=["name"])
    assert Service.objects.get(pk=service.pk).name == "Bins not emptied"
    assert Service.objects.filter(slug="missed-bin", council__slug="riverside").count() == 1
