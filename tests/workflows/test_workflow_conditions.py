"""The condition evaluator's truth tables and the condition type checker."""

from __future__ import annotations

from datetime import date

import pytest

from workflows.conditions import (
    ConditionInvalid,
    condition_check,
    condition_describe,
    condition_evaluate,
    expression_value,
    field_enums_from_schema,
    field_item_types_from_schema,
    field_types_from_schema,
)

TODAY = date(2025, 6, 18)  # a Wednesday
CONTEXT = {
    "data": {
        "bin_type": "general",
        "bags": 3,
        "weight": 2.5,
        "urgent": False,
        "collection_date": "2025-06-10",
        "reported_at": "2025-06-17T09:30:00+01:00",
        "notes": "  ",
        "photos": [],
        "waste_types": ["General", "Asbestos"],
        "address": {"postcode": "AB1 2CD"},
    },
    "outcomes": {"check": "collected"},
    "task": {"check": {"crew_note": "done", "return_date": "2025-06-20"}},
    "case": {"channel": "phone"},
}


def holds(expr: object, context: dict = CONTEXT) -> bool:
    return condition_evaluate(expr, context, today=TODAY)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ({"==": [{"var": "data.bin_type"}, "general"]}, True),
        ({"==": [{"var": "data.bin_type"}, "garden"]}, False),
        ({"!=": [{"var": "data.bin_type"}, "garden"]}, True),
        ({"==": [{"var": "data.bags"}, 3.0]}, True),
        ({"==": [{"var": "data.urgent"}, 0]}, False),  # booleans are never numbers
        ({"==": [{"var": "data.urgent"}, False]}, True),
        ({"<": [{"var": "data.bags"}, 4]}, True),
        ({"<=": [{"var": "data.bags"}, 3]}, True),
        ({">": [{"var": "data.weight"}, 2.5]}, False),
        ({">=": [{"var": "data.weight"}, 2.5]}, True),
        ({"<": ["apple", "banana"]}, True),
        ({"<": [{"var": "data.missing"}, 4]}, False),  # an unanswered question never orders
        ({">": [{"var": "data.bags"}, "2"]}, False),  # mixed types never order
        ({"==": [{"var": "data.missing"}, None]}, True),
        ({"==": [{"var": "outcomes.check"}, "collected"]}, True),
        ({"==": [{"var": "outcomes.review"}, "collected"]}, False),
        ({"==": [{"var": "task.check.crew_note"}, "done"]}, True),
        ({"==": [{"var": "case.channel"}, "phone"]}, True),
        ({"==": [{"var": "data.address.postcode"}, "AB1 2CD"]}, True),
        ({"in": [{"var": "data.bin_type"}, ["general", "recycling"]]}, True),
        ({"in": [{"var": "data.bin_type"}, ["garden"]]}, False),
        ({"empty": {"var": "data.notes"}}, True),  # blank text counts as unanswered
        ({"empty": [{"var": "data.photos"}]}, True),
        ({"empty": {"var": "data.missing"}}, True),
        ({"not_empty": {"var": "data.bin_type"}}, True),
        ({"not_empty": {"var": "data.urgent"}}, True),  # false is an answer
        (True, True),
        (False, False),
    ],
)
def test_comparison_and_membership_truth_table(expr, expected):
    assert holds(expr) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_and_or_not_truth_tables(a, b, expected):
    assert holds({"and": [a, b]}) is expected
    assert holds({"or": [a, b]}) is (a or b)
    assert holds({"!": {"and": [a, b]}}) is (not expected)
    assert holds({"!": [a]}) is (not a)


def test_nested_and_or_not():
    expr = {
        "or": [
            {
                "and": [
                    {"==": [{"var": "data.bin_type"}, "general"]},
                    {"!": {"var": "data.urgent"}},
                    {">=": [{"var": "data.bags"}, 3]},
                ]
            },
            {"==": [{"var": "case.channel"}, "web"]},
        ]
    }
    assert holds(expr) is True
    assert holds({"!": expr}) is False
    changed = {**CONTEXT, "data": {**CONTEXT["data"], "bags": 1}}
    assert holds(expr, changed) is False


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ({"<": [{"var": "data.collection_date"}, {"today": []}]}, True),
        ({"==": [{"var": "data.collection_date"}, "2025-06-10"]}, True),
        ({"<": [{"var": "data.collection_date"}, "2025-06-09"]}, False),
        ({"<=": [{"var": "data.collection_date"}, {"days_ago": 8}]}, True),
        ({"<": [{"var": "data.collection_date"}, {"days_ago": 8}]}, False),
        ({">": [{"var": "task.check.return_date"}, {"today": []}]}, True),
        # A date-time is compared by its day with a date.
        ({"==": [{"var": "data.reported_at"}, {"days_ago": 1}]}, True),
        ({"<": ["2025-06-17T23:30:00+00:00", "2025-06-18T00:30:00+01:00"]}, False),  # the same instant
        ({"<": ["2025-06-17T23:00:00+00:00", "2025-06-18T00:30:00+01:00"]}, True),
        ({"==": [{"working_days_since": [{"var": "data.collection_date"}]}, 6]}, True),
        ({">": [{"working_days_since": {"var": "data.missing"}}, 1]}, False),
    ],
)
def test_dates_compare_as_dates(expr, expected):
    assert holds(expr) is expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ({"contains": [{"var": "data.waste_types"}, "Asbestos"]}, True),
        ({"contains": [{"var": "data.waste_types"}, "Garden"]}, False),
        ({"contains": [{"var": "data.waste_types"}, "asbestos"]}, False),  # choices match exactly
        ({"contains": [{"var": "data.photos"}, "front.jpg"]}, False),  # nothing ticked
        ({"contains": [{"var": "data.missing"}, "Asbestos"]}, False),  # unanswered
        ({"contains": [{"var": "data.bin_type"}, "general"]}, False),  # one value is not an array
        ({"contains": [[1, 2], 2.0]}, True),
        ({"contains": [[1, 0], False]}, False),  # booleans are never numbers
        ({"!": {"contains": [{"var": "data.waste_types"}, "Garden"]}}, True),
    ],
)
def test_contains_tests_an_answer_with_several_values(expr, expected):
    assert holds(expr) is expected


def test_contains_on_a_null_answer_is_false():
    context = {"data": {"waste_types": None}}
    assert holds({"contains": [{"var": "data.waste_types"}, "Asbestos"]}, context) is False


def test_working_days_since_follows_the_region():
    context = {"data": {"reported": "2025-04-17"}}  # Thursday before Easter
    expr = {"working_days_since": [{"var": "data.reported"}]}
    assert expression_value(expr, context, today=date(2025, 4, 22), region="england-and-wales") == 1
    assert expression_value(expr, context, today=date(2025, 4, 22), region="scotland") == 2


def test_expression_values_are_json_ready():
    assert expression_value({"today": []}, {}, today=TODAY) == "2025-06-18"
    assert expression_value({"var": "data.bags"}, CONTEXT) == 3
    assert expression_value("high", CONTEXT) == "high"


def test_the_evaluator_refuses_unknown_operators_rather_than_guessing():
    with pytest.raises(ConditionInvalid, match='unknown operator "equals"'):
        holds({"equals": [1, 1]})
    with pytest.raises(ConditionInvalid):
        holds({"==": [1, 1], "!=": [1, 2]})


def test_the_evaluator_never_executes_strings():
    assert holds({"==": ["__import__('os').system('true')", 0]}) is False


FORM = {
    "type": "object",
    "properties": {
        "bin_type": {"type": "string", "enum": ["general", "recycling", "garden"]},
        "bags": {"type": "integer"},
        "weight": {"type": ["number", "null"]},
        "urgent": {"type": "boolean"},
        "collection_date": {"type": "string", "format": "date"},
        "photos": {"type": "array", "items": {"type": "string"}},
        "waste_types": {"type": "array", "items": {"$ref": "#/$defs/waste_type"}, "uniqueItems": True},
        "size": {"oneOf": [{"const": "small", "title": "Small"}, {"const": "large", "title": "Large"}]},
        "address": {"$ref": "#/$defs/address"},
    },
    "allOf": [
        {"if": {"properties": {"urgent": {"const": True}}}, "then": {"properties": {"reason": {"type": "string"}}}}
    ],
    "$defs": {
        "address": {"type": "object", "properties": {"postcode": {"type": "string"}}},
        "waste_type": {"oneOf": [{"const": "General"}, {"const": "Asbestos"}, {"const": "Garden"}]},
    },
}


def test_field_types_come_from_the_form_schema():
    assert field_types_from_schema(FORM) == {
        "bin_type": "string",
        "bags": "integer",
        "weight": "number",
        "urgent": "boolean",
        "collection_date": "date",
        "photos": "array",
        "waste_types": "array",
        "size": "string",
        "address": "object",
        "address.postcode": "string",
        "reason": "string",
    }
    assert field_enums_from_schema(FORM) == {
        "bin_type": ["general", "recycling", "garden"],
        "waste_types": ["General", "Asbestos", "Garden"],  # an array's choices are its items' choices
        "size": ["small", "large"],
    }
    assert field_item_types_from_schema(FORM) == {"photos": "string", "waste_types": "string"}


def check(expr: object, *, field_types: dict | None = None) -> list[str]:
    problems = condition_check(
        expr,
        path="/steps/1/branches/0/when",
        field_types=field_types_from_schema(FORM) if field_types is None else field_types,
        field_enums=field_enums_from_schema(FORM),
        field_item_types=field_item_types_from_schema(FORM),
        task_outcomes={"check": {"collected", "not_our_round"}},
        task_fields={"check": {"crew_note": "string", "return_date": "date"}, "review": {}},
    )
    return [str(p) for p in problems]


W = "/steps/1/branches/0/when"


def test_well_typed_conditions_pass():
    assert (
        check(
            {
                "and": [
                    {"==": [{"var": "outcomes.check"}, "collected"]},
                    {">=": [{"var": "data.bags"}, 2.5]},
                    {"<": [{"var": "data.collection_date"}, {"days_ago": 3}]},
                    {">": [{"var": "task.check.return_date"}, "2025-01-01"]},
                    {"in": [{"var": "data.bin_type"}, ["general", "garden"]]},
                    {"contains": [{"var": "data.waste_types"}, "Asbestos"]},
                    {"contains": [{"var": "data.photos"}, "front.jpg"]},
                    {"!": {"var": "data.urgent"}},
                    {"not_empty": {"var": "data.address.postcode"}},
                    {"==": [{"var": "case.channel"}, "phone"]},
                    {">": [{"working_days_since": [{"var": "data.collection_date"}]}, 5]},
                ]
            }
        )
        == []
    )


def test_an_unknown_field_lists_the_form_fields():
    assert check({"==": [{"var": "data.colour"}, "red"]}) == [
        f'{W}/==/0/var: unknown field "colour" (the form has: bin_type, bags, weight, urgent, collection_date, '
        "photos, waste_types, size, address, address.postcode, reason)"
    ]


def test_data_fields_are_not_checked_without_a_form():
    problems = condition_check(
        {"==": [{"var": "data.colour"}, "red"]}, path=W, field_types=None, task_outcomes={}, task_fields={}
    )
    assert problems == []


def test_comparing_an_integer_field_with_a_string():
    assert check({"==": [{"var": "data.bags"}, "3"]}) == [
        f'{W}/==: cannot compare data.bags (integer) with the string "3"'
    ]


def test_comparing_an_outcome_with_an_id_the_task_does_not_have():
    assert check({"==": [{"var": "outcomes.check"}, "colected"]}) == [
        f'{W}/==/1: task "check" has no outcome "colected" (its outcomes: collected, not_our_round)'
    ]
    assert check({"in": [{"var": "outcomes.check"}, ["collected", "lost"]]}) == [
        f'{W}/in/1/1: task "check" has no outcome "lost" (its outcomes: collected, not_our_round)'
    ]


def test_a_value_outside_a_fields_choices():
    assert check({"==": [{"var": "data.bin_type"}, "grey"]}) == [
        f'{W}/==/1: "grey" is not one of the choices for data.bin_type (general, recycling, garden)'
    ]


def test_ordering_booleans_outcomes_and_lists_is_refused():
    assert check({"<": [{"var": "data.urgent"}, True]}) == [f'{W}/<: "<" cannot order booleans (data.urgent)']
    assert check({">": [{"var": "outcomes.check"}, "collected"]}) == [
        f'{W}/>: ">" cannot order outcomes; use "==" or "in"'
    ]
    assert check({">=": [{"var": "data.photos"}, 1]}) == [f'{W}/>=: ">=" cannot order arrays (data.photos)']


def test_a_date_field_compared_with_text_that_is_not_a_date():
    assert check({"<": [{"var": "data.collection_date"}, "last week"]}) == [
        f'{W}/<: cannot compare data.collection_date (date) with the string "last week"'
    ]


def test_unknown_variables_tasks_and_task_fields():
    assert check({"==": [{"var": "outcomes.inspect"}, "x"]}) == [f'{W}/==/0/var: no task step "inspect" (tasks: check)']
    assert check({"==": [{"var": "task.check.colour"}, "x"]}) == [
        f'{W}/==/0/var: task "check" has no form field "colour" (its form has: crew_note, return_date)'
    ]
    assert check({"==": [{"var": "task.review.note"}, "x"]}) == [
        f'{W}/==/0/var: task "review" has no form field "note" (its form has: no form)'
    ]
    assert check({"==": [{"var": "case.colour"}, "open"]}) == [
        f'{W}/==/0/var: unknown case variable "colour" (case variables: channel, reference, status, submitted)'
    ]
    assert check({"<": [{"var": "case.submitted"}, {"days_ago": 5}]}) == []
    assert check({"==": [{"var": "answers.bags"}, 1]}) == [
        f'{W}/==/0/var: unknown variable "answers.bags": names start with data., outcomes., task. or case.'
    ]
    assert check({"==": [{"var": "case.channel"}, "fax"]}) == [
        f'{W}/==/1: "fax" is not one of the choices for case.channel (web, phone, email, face_to_face)'
    ]


def test_unknown_operators_and_malformed_expressions():
    assert check({"equals": [1, 1]}) == [
        f'{W}/equals: unknown operator "equals" (operators: ==, !=, <, <=, >, >=, and, or, !, in, contains, '
        "empty, not_empty, today, days_ago, working_days_since, var)"
    ]
    assert check({"==": [1, 1], "!=": [1, 2]}) == [f"{W}: a condition has exactly one operator, got 2 (==, !=)"]
    assert check({"==": [1, 1, 1]}) == [f'{W}/==: "==" needs 2 arguments, got 3']
    assert check({"in": [{"var": "data.bin_type"}, "general"]}) == [
        f'{W}/in/1: "in" needs a literal list of values as its second argument; '
        'to test an answer with several values use "contains"'
    ]
    assert check({"days_ago": -1}) == [
        f'{W}/days_ago: "days_ago" needs a whole number of days, 0 or more',
        f"{W}: a condition must be true or false; a date is a date",
    ]
    assert check({"today": [1]})[0] == f'{W}/today: "today" takes no arguments: {{"today": []}}'
    assert check({"==": [{"working_days_since": [{"var": "data.bags"}]}, 1]}) == [
        f'{W}/==/0/working_days_since/0: "working_days_since" needs a date; data.bags is an integer'
    ]


def test_contains_needs_an_array_answer_and_one_of_its_choices():
    assert check({"contains": [{"var": "data.waste_types"}, "Asbstos"]}) == [
        f'{W}/contains/1: "Asbstos" is not one of the choices for data.waste_types (General, Asbestos, Garden)'
    ]
    assert check({"contains": [{"var": "data.bin_type"}, "general"]}) == [
        f'{W}/contains/0: "contains" needs an answer with several values (an array) as its first argument; '
        'data.bin_type is a string (to test one value use "==" or "in")'
    ]
    assert check({"contains": [{"var": "data.photos"}, 3]}) == [
        f"{W}/contains/1: data.photos holds string values, not the integer 3"
    ]
    assert check({"contains": [{"var": "data.waste_types"}, {"var": "data.bin_type"}]}) == [
        f'{W}/contains/1: "contains" needs one literal value (text, a number or true/false) as its second argument'
    ]
    assert check({"contains": [{"var": "data.waste_types"}, ["Asbestos", "Garden"]]}) == [
        f'{W}/contains/1: "contains" needs one literal value (text, a number or true/false) as its second argument'
    ]
    assert check({"contains": {"var": "data.waste_types"}}) == [f'{W}/contains: "contains" needs 2 arguments, got 1']
    assert check({"contains": [{"var": "data.colour"}, "red"]}) == [
        f'{W}/contains/0/var: unknown field "colour" (the form has: bin_type, bags, weight, urgent, collection_date, '
        "photos, waste_types, size, address, address.postcode, reason)"
    ]


def test_contains_is_not_checked_against_an_unknown_form():
    problems = condition_check(
        {"contains": [{"var": "data.waste_types"}, "Asbstos"]},
        path=W,
        field_types=None,
        task_outcomes={},
        task_fields={},
    )
    assert problems == []


def test_in_points_answers_with_several_values_to_contains():
    assert check({"in": ["Asbestos", {"var": "data.waste_types"}]}) == [
        f'{W}/in/1: "in" needs a literal list of values as its second argument; '
        'to test an answer with several values use "contains"'
    ]
    assert check({"in": [{"var": "data.waste_types"}, ["Asbestos"]]}) == [
        f'{W}/in/0: "in" tests one value, but data.waste_types holds several; use "contains"'
    ]


def test_logic_operators_need_conditions():
    assert check({"and": [{"var": "data.bin_type"}, True]}) == [
        f'{W}/and/0: "and" needs conditions (true or false); data.bin_type is a string '
        '(use "empty" or "not_empty" to test for an answer)'
    ]
    assert check({"var": "data.bags"}) == [f"{W}: a condition must be true or false; data.bags is an integer"]
    assert check({"var": "data.urgent"}) == []


def test_conditions_read_as_text_for_diagrams():
    expr = {
        "and": [
            {"==": [{"var": "outcomes.check"}, "collected"]},
            {"or": [{"!": {"var": "data.urgent"}}, {"empty": {"var": "data.notes"}}]},
        ]
    }
    assert condition_describe(expr) == 'outcomes.check == "collected" and (not data.urgent or data.notes is empty)'
    assert (
        condition_describe({"contains": [{"var": "data.waste_types"}, "Asbestos"]})
        == 'data.waste_types includes "Asbestos"'
    )
