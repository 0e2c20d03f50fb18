"""Answers are judged against the schema, and each problem is told to the person in plain words."""

from __future__ import annotations

import threading

import pytest

from councilflow.errors import DefinitionInvalid
from form_definitions.compiled import compile_form, compiled_form_cache_clear, compiled_form_cached

GOOD_ANSWERS = {"bin_type": "general", "collection_date": "2026-03-05", "email": "resident@example.com"}


@pytest.fixture
def form(schema, ui_schema):
    return compile_form(schema, ui_schema)


def test_good_answers_have_no_errors(form):
    assert form.errors_for(GOOD_ANSWERS) == {}


def test_missing_answers_are_reported_in_form_order_with_custom_and_default_wording(form):
    assert form.errors_for({}) == {
        "bin_type": "Select which bin was missed",  # from the UI schema
        "collection_date": "Enter collection date",
        "email": "Enter email address",
    }


def test_an_answer_outside_the_choices_uses_the_custom_enum_message(schema, ui_schema):
    ui_schema["fields"]["bin_type"]["errors"]["oneOf"] = "Select a bin from the list"
    form = compile_form(schema, ui_schema)
    assert form.errors_for({**GOOD_ANSWERS, "bin_type": "purple"}) == {"bin_type": "Select a bin from the list"}


def test_an_unknown_checkbox_option_gets_the_default_choice_message(form):
    assert form.errors_for({**GOOD_ANSWERS, "problems": ["on fire"]}) == {"problems": "Select one of the options"}


def test_an_impossible_date_is_refused(form):
    assert form.errors_for({**GOOD_ANSWERS, "collection_date": "2026-02-30"}) == {
        "collection_date": "Collection date must be a real date",
    }


def test_an_email_address_is_really_checked(form):
    assert form.errors_for({**GOOD_ANSWERS, "email": "resident.example.com"}) == {
        "email": "Enter an email address in the correct format, like name@example.com",
    }


def test_numbers_lengths_and_patterns_have_friendly_messages(form):
    answers = {**GOOD_ANSWERS, "bin_type": "garden", "bags": 11, "garden_subscription": "123"}
    assert form.errors_for(answers) == {
        "bags": "Number of extra bags must be 10 or less",
        "garden_subscription": "Enter garden waste subscription number in the correct format",
    }
    assert form.errors_for({**GOOD_ANSWERS, "bags": "two"}) == {"bags": "Number of extra bags must be a number"}
    assert form.errors_for({**GOOD_ANSWERS, "bags": 1.5}) == {"bags": "Number of extra bags must be a whole number"}
    assert form.errors_for({**GOOD_ANSWERS, "details": "x" * 501}) == {
        "details": "Anything else we should know must be 500 characters or fewer",
    }


def test_one_message_per_question_the_most_basic_first(schema, ui_schema):
    schema["properties"]["garden_subscription"]["minLength"] = 8
    form = compile_form(schema, ui_schema)
    answers = {**GOOD_ANSWERS, "bin_type": "garden", "garden_subscription": "GW1"}
    assert form.errors_for(answers) == {
        "garden_subscription": "Garden waste subscription number must be 8 characters or more",
    }


def test_a_hidden_conditional_question_is_never_required(schema, ui_schema):
    schema["required"].append("garden_subscription")
    form = compile_form(schema, ui_schema)
    assert form.errors_for(GOOD_ANSWERS) == {}
    assert form.errors_for({**GOOD_ANSWERS, "bin_type": "garden"}) == {
        "garden_subscription": "Enter garden waste subscription number",
    }


def test_a_hidden_answer_is_not_judged(form):
    assert form.errors_for({**GOOD_ANSWERS, "garden_subscription": "nonsense"}) == {}


def test_a_later_pages_required_question_waits_for_its_page(form):
    first, _details, contact = form.pages
    answers = {"bin_type": "general", "collection_date": "2026-03-05"}
    assert form.page_errors(answers, first) == {}
    assert form.page_errors(answers, contact) == {"email": "Enter email address"}
    assert form.page_errors({"bin_type": "general"}, first) == {"collection_date": "Enter collection date"}


def test_errors_about_the_whole_form_go_under_all(schema, ui_schema):
    schema["additionalProperties"] = False
    form = compile_form(schema, ui_schema)
    errors = form.errors_for({**GOOD_ANSWERS, "colour": "red"})
    assert list(errors) == ["__all__"]
    assert "'colour' was unexpected" in errors["__all__"]


def test_required_from_a_conditional_schema_goes_to_the_missing_question():
    schema = {
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
        "if": {"properties": {"a": {"const": "x"}}},
        "then": {"required": ["b"]},
    }
    form = compile_form(schema, {})
    assert form.errors_for({"a": "x"}) == {"b": "Enter b"}


def test_an_invalid_definition_does_not_compile(schema, ui_schema):
    schema["properties"]["bags"]["type"] = "integr"
    with pytest.raises(DefinitionInvalid):
        compile_form(schema, ui_schema)


def test_a_compiled_form_is_not_changed_by_later_edits_to_the_source(schema, ui_schema):
    form = compile_form(schema, ui_schema)
    schema["required"].append("bags")
    assert form.errors_for(GOOD_ANSWERS) == {}


def test_the_cache_compiles_a_published_version_once(schema, ui_schema):
    compiled_form_cache_clear()
    first = compiled_form_cached(("missed-bin", 3), schema, ui_schema)
    again = compiled_form_cached(("missed-bin", 3), schema, ui_schema)
    other = compiled_form_cached(("missed-bin", 4), schema, ui_schema)
    assert first is again
    assert other is not first


def test_the_cache_gives_every_thread_the_same_form(schema, ui_schema):
    compiled_form_cache_clear()
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(compiled_form_cached("bin-v1", schema, ui_schema)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(form) for form in results}) == 1


def test_a_question_behind_a_hidden_question_stays_hidden():
    schema = {
        "type": "object",
        "required": ["pet", "kind", "name"],
        "properties": {"pet": {"type": "boolean"}, "kind": {"enum": ["dog", "cat"]}, "name": {"type": "string"}},
    }
    ui_schema = {
        "fields": {
            "kind": {"show_if": {"field": "pet", "equals": True}},
            "name": {"show_if": {"field": "kind", "equals": "dog"}},
        }
    }
    form = compile_form(schema, ui_schema)
    assert form.errors_for({"pet": False, "kind": "dog"}) == {}
    assert form.errors_for({"pet": True, "kind": "dog"}) == {"name": "Enter name"}
