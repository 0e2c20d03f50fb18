"""The case timeline shows which answers an officer changed."""

from __future__ import annotations

from form_definitions.diff import answers_diff


def test_changed_added_and_removed_answers_are_listed_in_a_stable_order():
    before = {"bin_type": "general", "bags": 2, "details": "by the gate"}
    after = {"bin_type": "garden", "details": "by the gate", "email": "a@example.com"}
    assert answers_diff(before, after) == [
        {"field": "bin_type", "before": "general", "after": "garden"},
        {"field": "bags", "before": 2, "after": None},
        {"field": "email", "before": None, "after": "a@example.com"},
    ]


def test_identical_answers_have_no_differences():
    answers = {"problems": ["lid damaged"], "where": {"lat": 51.5, "lng": -0.1}}
    assert answers_diff(answers, {"where": {"lng": -0.1, "lat": 51.5}, "problems": ["lid damaged"]}) == []


def test_true_and_1_are_different_answers():
    assert answers_diff({"assisted": 1}, {"assisted": True}) == [{"field": "assisted", "before": 1, "after": True}]
