"""Declarative JSON-Logic-style conditions: the public face of the condition language.

The parts live in their own modules: `conditions_eval` (the evaluator, never `eval`),
`conditions_check` (the type checker the lint runs at publish time), `conditions_variables`
(the names a `var` can read), `field_types` (what a form's JSON Schema offers to conditions)
and `conditions_describe` (conditions as text).
"""

from __future__ import annotations

from workflows.conditions_check import condition_check, value_check
from workflows.conditions_describe import condition_describe
from workflows.conditions_eval import COMPARISONS, OPERATORS, ConditionInvalid, condition_evaluate, expression_value
from workflows.conditions_variables import CASE_VARIABLES, VARIABLE_ROOTS, expression_variables
from workflows.field_types import (
    FIELD_TYPES,
    field_enums_from_schema,
    field_item_types_from_schema,
    field_types_from_schema,
    form_fields,
)

__all__ = [
    "CASE_VARIABLES",
    "COMPARISONS",
    "FIELD_TYPES",
    "OPERATORS",
    "VARIABLE_ROOTS",
    "ConditionInvalid",
    "condition_check",
    "condition_describe",
    "condition_evaluate",
    "expression_value",
    "expression_variables",
    "field_enums_from_schema",
    "field_item_types_from_schema",
    "field_types_from_schema",
    "form_fields",
    "value_check",
]
