"""Definitions built outside the admin (shell, import, code) nested past JSON_MAX_DEPTH are refused with the
path of the first part too deep; the checker and the evaluator never exhaust the stack (RecursionError)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from councilflow.errors import DefinitionInvalid, DefinitionProblem
from workflows.check import workflow_definition_check
from workflows.conditions import ConditionInvalid, condition_check, condition_evaluate, expression_value

LIBRARY = Path(__file__).resolve().parents[2] / "workflows" / "library"
FORMS = Path(__file__).resolve().parents[2] / "form_definitions" / "library"
LIMIT = "nested deeper than the limit of 64 levels (JSON_MAX_DEPTH)"


def nested_and(ands: int) -> dict:
    condition: dict = {"==": [{"var": "data.depth"}, "deep"]}
    for _ in range(ands):
        condition = {"and": [condition]}
    return condition


def pothole_with(condition: dict) -> tuple[dict, dict]:
    definition = copy.deepcopy(json.loads((LIBRARY / "pothole.json").read_text())["definition"])
    definition["steps"][0]["branches"][0]["when"] = condition
    return definition, json.loads((FORMS / "pothole.json").read_text())["schema"]


def test_a_condition_3000_ands_deep_is_refused_at_the_first_level_too_deep():
    definition, form_schema = pothole_with(nested_and(3000))
    with pytest.raises(DefinitionInvalid) as caught:
        workflow_definition_check(definition, form_schema=form_schema, teams={"highways"})
    # /steps (2) /0 (3) /branches (4) /0 (5) /when (6), then two levels per "and": its list is the 65th level
    assert caught.value.problems == [DefinitionProblem("/steps/0/branches/0/when" + "/and/0" * 29 + "/and", LIMIT)]


def test_a_condition_within_the_limit_is_checked_and_evaluated_as_usual():
    definition, form_schema = pothole_with(nested_and(28))  # its {"var": ...} is the 64th level
    workflow_definition_check(definition, form_schema=form_schema, teams={"highways"})
    assert condition_evaluate(nested_and(30), {"data": {"depth": "deep"}}) is True


def test_the_evaluator_refuses_a_deep_condition_instead_of_recursing():
    with pytest.raises(
        ConditionInvalid, match=r"^(/and/0){32}: the condition is nested deeper than the limit of 64 levels"
    ):
        condition_evaluate(nested_and(3000), {"data": {}})
    with pytest.raises(ConditionInvalid, match="the limit of 64 levels"):
        expression_value({"!": [nested_and(3000)]}, {"data": {}})


def test_the_checker_refuses_a_deep_condition_with_its_path():
    problems = condition_check(
        nested_and(3000), path="/steps/4/when", field_types={"depth": "string"}, task_outcomes={}, task_fields={}
    )
    assert problems == [DefinitionProblem("/steps/4/when" + "/and/0" * 32, LIMIT)]
