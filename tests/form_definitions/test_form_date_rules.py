"""Date rules: against today (days or working days) and against another date answer, in GOV.UK words."""

from __future__ import annotations

import datetime

import pytest

from councilflow.errors import DefinitionInvalid
from form_definitions.compiled import compile_form
from form_definitions.meta import form_definition_check

TODAY = datetime.date(2026, 12, 2)  # a Wednesday; 25 and 28 December 2026 are bank holidays in England


def _definition(rules: dict, *, errors: dict | None = None, error_label: str = "") -> tuple[dict, dict]:
    schema = {
        "type": "object",
        "properties": {
            "moved_in": {"type": "string", "format": "date", "title": "Date you moved in"},
            "seen": {"type": "string", "format": "date", "title": "When did you see it?"},
        },
    }
    field: dict = {"date_rules": rules}
    if errors:
        field["errors"] = errors
    if error_label:
        field["error_label"] = error_label
    return schema, {"fields": {"seen": field}}


def _errors(rules: dict, answers: dict, *, today=TODAY, region="england-and-wales", **kwargs) -> dict:
    return compile_form(*_definition(rules, **kwargs)).errors_for(answers, today=today, region=region)


def _problems(rules) -> dict[str, str]:
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(*_definition(rules))
    return {p.path: p.message for p in caught.value.problems}


def test_not_in_future_refuses_tomorrow_with_the_gov_uk_message():
    rules = {"not_in_future": True}
    assert _errors(rules, {"seen": "2026-12-02"}) == {}
    assert _errors(rules, {"seen": "2026-12-03"}, error_label="Date seen") == {
        "seen": "Date seen must be today or in the past"
    }


def test_a_question_label_is_not_put_inside_the_sentence():
    # "When did you see it? must be ..." reads badly; without an error_label the message names "the date".
    assert _errors({"not_in_future": True}, {"seen": "2030-01-01"}) == {"seen": "The date must be today or in the past"}


def test_not_in_past_refuses_yesterday():
    assert _errors({"not_in_past": True}, {"seen": "2026-12-01"}, error_label="Date of collection") == {
        "seen": "Date of collection must be today or in the future"
    }


def test_at_least_days_names_the_earliest_date():
    rules = {"at_least": {"days": 3}}
    assert _errors(rules, {"seen": "2026-12-05"}) == {}
    assert _errors(rules, {"seen": "2026-12-04"}, error_label="Collection date") == {
        "seen": "Collection date must be the same as or after 5 December 2026"
    }


def test_at_most_days_in_the_past_counts_backwards():
    rules = {"at_least": {"days": -30}, "not_in_future": True}
    assert _errors(rules, {"seen": "2026-11-02"}) == {}
    assert _errors(rules, {"seen": "2026-11-01"}, error_label="Date seen") == {
        "seen": "Date seen must be the same as or after 2 November 2026"
    }


def test_working_days_skip_weekends_and_the_regions_bank_holidays():
    # From Wednesday 23 December 2026: 24th (Thu), then 25th and 28th are holidays, 26-27 the weekend: 29th, 30th.
    rules = {"at_least": {"working_days": 3}}
    christmas = datetime.date(2026, 12, 23)
    assert _errors(rules, {"seen": "2026-12-30"}, today=christmas) == {}
    assert _errors(rules, {"seen": "2026-12-29"}, today=christmas, error_label="Collection date") == {
        "seen": "Collection date must be the same as or after 30 December 2026"
    }
    # From Thursday 31 December 2026 one working day ahead: Monday 4 January in England, but in Scotland
    # 4 January 2027 is a bank holiday too (2 January falls on a Saturday), so Tuesday 5 January.
    new_year = datetime.date(2026, 12, 31)
    rules = {"at_most": {"working_days": 1}}
    assert _errors(rules, {"seen": "2027-01-05"}, today=new_year, error_label="Date") == {
        "seen": "Date must be the same as or before 4 January 2027"
    }
    assert _errors(rules, {"seen": "2027-01-05"}, today=new_year, region="scotland") == {}


def test_after_another_answer_uses_that_answers_date():
    rules = {"after": "moved_in"}
    assert _errors(rules, {"moved_in": "2026-01-10", "seen": "2026-01-11"}) == {}
    assert _errors(rules, {"moved_in": "2026-01-10", "seen": "2026-01-10"}, error_label="Date seen") == {
        "seen": "Date seen must be after 10 January 2026"
    }
    # The other answer missing or not a real date: its own question reports it, this rule keeps quiet.
    assert _errors(rules, {"seen": "2026-01-10"}) == {}
    assert _errors(rules, {"moved_in": "2026-02-31", "seen": "2026-01-10"}) == {
        "moved_in": "Date you moved in must be a real date"
    }


def test_before_another_answer():
    schema, ui = _definition({"not_in_future": True})
    ui["fields"] = {"moved_in": {"date_rules": {"before": "seen"}}}
    ui["order"] = ["seen", "moved_in"]
    form = compile_form(schema, ui)
    assert form.errors_for({"seen": "2026-01-10", "moved_in": "2026-01-12"}, today=TODAY) == {
        "moved_in": "Date you moved in must be before 10 January 2026"
    }


def test_a_real_date_error_comes_before_any_rule():
    assert _errors({"not_in_future": True}, {"seen": "2030-02-30"}, error_label="Date seen") == {
        "seen": "Date seen must be a real date"
    }


def test_the_designers_own_wording_wins():
    errors = {"not_in_future": "The date you saw it cannot be in the future"}
    assert _errors({"not_in_future": True}, {"seen": "2030-01-01"}, errors=errors) == {
        "seen": "The date you saw it cannot be in the future"
    }


def test_rules_of_a_hidden_question_do_not_apply():
    schema, ui = _definition({"not_in_future": True})
    schema["properties"]["saw_it"] = {"type": "boolean", "title": "Did you see it?"}
    ui["order"] = ["moved_in", "saw_it", "seen"]
    ui["fields"]["seen"]["show_if"] = {"field": "saw_it", "equals": True}
    form = compile_form(schema, ui)
    assert form.errors_for({"saw_it": False, "seen": "2030-01-01"}, today=TODAY) == {}


@pytest.mark.parametrize(
    ("rules", "path", "message"),
    [
        ({"in_future": True}, "/ui_schema/fields/seen/date_rules/in_future", 'unknown rule "in_future"'),
        ({"not_in_future": "yes"}, "/ui_schema/fields/seen/date_rules/not_in_future", "must be true"),
        (
            {"not_in_future": True, "not_in_past": True},
            "/ui_schema/fields/seen/date_rules",
            '"not_in_future" and "not_in_past" together allow only today',
        ),
        ({"at_least": 3}, "/ui_schema/fields/seen/date_rules/at_least", 'must be {"days": n} or {"working_days": n}'),
        ({"at_most": {"weeks": 2}}, "/ui_schema/fields/seen/date_rules/at_most", 'must be {"days": n}'),
        ({"at_most": {"days": 1.5}}, "/ui_schema/fields/seen/date_rules/at_most/days", "must be a whole number"),
        ({"after": "colour"}, "/ui_schema/fields/seen/date_rules/after", 'unknown field "colour"'),
        ({"after": "seen"}, "/ui_schema/fields/seen/date_rules/after", '"seen" cannot be compared with itself'),
        ({}, "/ui_schema/fields/seen/date_rules", "must be an object with one or more of"),
    ],
)
def test_bad_rules_are_refused_at_their_path(rules, path, message):
    problems = _problems(rules)
    assert list(problems) == [path] and problems[path].startswith(message), problems


def test_a_rule_on_a_question_that_is_not_a_date_is_refused():
    schema, ui = _definition({})
    schema["properties"]["name"] = {"type": "string", "title": "Your name"}
    ui["fields"] = {"name": {"date_rules": {"not_in_future": True}}}
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui)
    assert [str(p) for p in caught.value.problems] == [
        '/ui_schema/fields/name/date_rules: only a "date" widget takes "date_rules"'
    ]


def test_comparing_with_a_later_or_non_date_question_is_refused():
    schema, ui = _definition({})
    schema["properties"]["name"] = {"type": "string", "title": "Your name"}
    ui["fields"] = {"moved_in": {"date_rules": {"after": "seen"}}, "seen": {"date_rules": {"before": "name"}}}
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui)
    assert {p.path: p.message for p in caught.value.problems} == {
        "/ui_schema/fields/moved_in/date_rules/after": '"seen" must come before "moved_in"',
        "/ui_schema/fields/seen/date_rules/before": '"name" is not a date question ("format": "date")',
    }


def test_an_unknown_error_key_for_a_rule_is_refused_but_rule_names_are_keys():
    form_definition_check(*_definition({"not_in_future": True}, errors={"not_in_future": "Not in the future"}))
    with pytest.raises(DefinitionInvalid):
        form_definition_check(*_definition({"not_in_future": True}, errors={"not_future": "x"}))
