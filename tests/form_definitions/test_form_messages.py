"""Default error messages follow GOV.UK's error message guidance, whatever the label looks like."""

from __future__ import annotations

from form_definitions.compiled import compile_form


def _form(prop: dict, ui: dict | None = None):
    return compile_form(
        {"type": "object", "required": ["value"], "properties": {"value": prop}}, {"fields": {"value": ui or {}}}
    )


def test_optional_in_the_label_is_not_repeated_in_the_message():
    form = _form(
        {"type": "string", "pattern": "^[A-Z]{2} ?[0-9]{3} ?[0-9]{3}$"}, {"label": "Grid reference (optional)"}
    )
    assert form.errors_for({"value": "near the pond"}) == {"value": "Enter grid reference in the correct format"}
    assert form.errors_for({}) == {"value": "Enter grid reference"}


def test_error_label_names_the_question_in_every_message():
    form = _form(
        {"type": "string", "pattern": "^[A-Z]{2} ?[0-9]{3} ?[0-9]{3}$"},
        {"label": "Grid reference (optional)", "error_label": "your grid reference"},
    )
    assert form.errors_for({}) == {"value": "Enter your grid reference"}
    assert form.errors_for({"value": "x"}) == {"value": "Enter your grid reference in the correct format"}


def test_a_question_shaped_date_label_becomes_the_date():
    form = _form({"type": "string", "format": "date"}, {"label": "When should it have been collected?"})
    assert form.errors_for({"value": "2026-02-30"}) == {"value": "The date must be a real date"}
    assert form.errors_for({}) == {"value": "Enter a date"}


def test_error_label_for_a_date():
    form = _form({"type": "string", "format": "date"}, {"label": "When did you see it?", "error_label": "Date seen"})
    assert form.errors_for({"value": "2026-02-30"}) == {"value": "Date seen must be a real date"}
    assert form.errors_for({}) == {"value": "Enter date seen"}


def test_question_labels_of_text_and_numbers():
    text = _form({"type": "string", "maxLength": 5}, {"label": "What happened?"})
    assert text.errors_for({}) == {"value": "Enter your answer"}
    assert text.errors_for({"value": "a long story"}) == {"value": "Your answer must be 5 characters or fewer"}
    number = _form({"type": "integer", "maximum": 3}, {"label": "How many bags were left?"})
    assert number.errors_for({"value": 4}) == {"value": "The number must be 3 or less"}
    assert number.errors_for({}) == {"value": "Enter a number"}


def test_choice_questions_keep_an_embedded_question_and_say_yes_or_no_otherwise():
    which = _form({"enum": ["black", "blue"]}, {"label": "Which bin was missed?"})
    assert which.errors_for({}) == {"value": "Select which bin was missed"}
    yes_no = _form({"type": "boolean"}, {"label": "Was the bin out by 7am?"})
    assert yes_no.errors_for({}) == {"value": "Select yes or no"}
    other = _form({"enum": ["a", "b"]}, {"label": "Is it on a pavement or the road?"})
    assert other.errors_for({}) == {"value": "Select an option"}


def test_a_statement_label_is_used_as_before():
    form = _form({"type": "string", "format": "date"}, {"label": "Collection date"})
    assert form.errors_for({"value": "2026-13-01"}) == {"value": "Collection date must be a real date"}
    assert form.errors_for({}) == {"value": "Enter collection date"}


def test_uri_and_date_time_messages():
    uri = _form({"type": "string", "format": "uri"}, {"label": "Link to the advert"})
    assert uri.errors_for({"value": "example"}) == {
        "value": "Enter link to the advert in the correct format, like https://www.example.com"
    }
    when = _form({"type": "string", "format": "date-time"}, {"label": "Time of the noise"})
    assert when.errors_for({"value": "yesterday"}) == {"value": "Time of the noise must be a real date and time"}
