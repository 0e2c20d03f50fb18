"""The query-count helper fails with the numbered SQL of every statement, and passes on the pinned count."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from councils.models import Council
from query_counts import assert_query_count


@pytest.mark.django_db
def test_a_wrong_count_fails_listing_each_query():
    with pytest.raises(AssertionError) as failure, assert_query_count(1, label="two lookups"):
        get_user_model().objects.filter(username="nobody").exists()
        Council.objects.filter(slug="nowhere").exists()
    report = str(failure.value).splitlines()
    assert report[0] == "two lookups: expected 1 queries, ran 2:"
    assert len(report) == 3
    assert report[1].startswith("  1. SELECT") and '"auth_user"' in report[1] and "nobody" in report[1]
    assert report[2].startswith("  2. SELECT") and '"councils_council"' in report[2] and "nowhere" in report[2]


@pytest.mark.django_db
def test_the_pinned_count_passes_and_at_most_allows_fewer():
    with assert_query_count(1) as queries:
        Council.objects.filter(slug="nowhere").exists()
    assert len(queries.captured_queries) == 1
    with assert_query_count(3, at_most=True):
        Council.objects.filter(slug="nowhere").exists()
    with pytest.raises(AssertionError, match=r"^expected 0 queries, ran 1:\n  1\. SELECT"), assert_query_count(0):
        Council.objects.filter(slug="nowhere").exists()
    with (
        pytest.raises(AssertionError, match=r"^expected at most 0 queries, ran 1:"),
        assert_query_count(0, at_most=True),
    ):
        Council.objects.filter(slug="nowhere").exists()
