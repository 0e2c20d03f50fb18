"""The publish-time check: validate, then lint, raising every problem at once."""

from __future__ import annotations

import pytest

from councilflow.errors import DefinitionInvalid
from workflow_builders import end, flow, task
from workflows.check import workflow_definition_check


def test_the_missed_bin_service_passes_with_its_form(missed_bin, missed_bin_form):
    workflow_definition_check(missed_bin, form_schema=missed_bin_form, teams={"waste", "highways"})


def test_structural_problems_stop_before_the_lint():
    definition = flow(task("check", "nowhere", outcomes=()), end())
    with pytest.raises(DefinitionInvalid) as raised:
        workflow_definition_check(definition)
    assert [str(p) for p in raised.value.problems] == ["/steps/0/outcomes: a task needs at least one outcome"]


def test_every_lint_problem_is_raised_together(missed_bin, missed_bin_form):
    missed_bin["steps"][4]["assign"] = {"team": "wast"}
    missed_bin["steps"][0]["branches"][0]["when"] = {"==": [{"var": "data.colour"}, "red"]}
    with pytest.raises(DefinitionInvalid) as raised:
        workflow_definition_check(missed_bin, form_schema=missed_bin_form, teams={"waste", "highways"})
    assert [str(p) for p in raised.value.problems] == [
        '/steps/0/branches/0/when/==/0/var: unknown field "colour" (the form has: bin_type, collection_date, bags, '
        "assisted_collection, priority, notes, address, address.uprn, address.postcode)",
        '/steps/4/assign/team: no team "wast" in this council (teams: highways, waste)',
    ]
