"""Posted form strings become typed answers that the schema can judge."""

from __future__ import annotations

from form_definitions.coerce import answers_from_post
from form_definitions.fields import form_fields


class QueryDictLike:
    """Stands in for Django's QueryDict: the only thing used is getlist()."""

    def __init__(self, data: dict[str, list[str]]):
        self.data = data

    def getlist(self, key: str) -> list[str]:
        return self.data.get(key, [])


def test_a_full_post_becomes_typed_answers(schema, ui_schema):
    post = {
        "bin_type": ["garden"],
        "collection_date-day": ["5"],
        "collection_date-month": ["3"],
        "collection_date-year": ["2026"],
        "bags": [" 2 "],
        "garden_subscription": ["GW123456"],
        "problems": ["not emptied", "lid damaged"],
        "details": ["left by the gate"],
        "email": ["  resident@example.com "],
        "photo": ["ignored.jpg"],
    }
    assert answers_from_post(form_fields(schema, ui_schema), post) == {
        "bin_type": "garden",
        "collection_date": "2026-03-05",
        "bags": 2,
        "garden_subscription": "GW123456",
        "problems": ["not emptied", "lid damaged"],
        "email": "resident@example.com",
    }  # details is hidden for garden bins; the photo is stored by the caller


def test_a_query_dict_works_the_same(schema, ui_schema):
    answers = answers_from_post(
        form_fields(schema, ui_schema), QueryDictLike({"bin_type": ["general"], "details": ["x"]})
    )
    assert answers == {"bin_type": "general", "details": "x"}


def test_empty_strings_are_left_out(schema, ui_schema):
    post = {
        "bin_type": [""],
        "email": ["   "],
        "problems": [""],
        "collection_date-day": [""],
        "collection_date-month": [""],
        "collection_date-year": [""],
    }
    assert answers_from_post(form_fields(schema, ui_schema), post) == {}


def test_an_iso_date_is_kept_and_an_impossible_date_stays_raw(schema, ui_schema):
    fields = form_fields(schema, ui_schema)
    assert answers_from_post(fields, {"collection_date": ["2026-03-05"]}) == {"collection_date": "2026-03-05"}
    impossible = {"collection_date-day": ["30"], "collection_date-month": ["2"], "collection_date-year": ["2026"]}
    assert answers_from_post(fields, impossible) == {"collection_date": "2026-2-30"}
    partial = {"collection_date-day": ["5"], "collection_date-month": [""], "collection_date-year": ["26"]}
    assert answers_from_post(fields, partial) == {"collection_date": "26--5"}


def test_numbers_are_parsed_and_nonsense_is_kept_for_validation():
    schema = {"type": "object", "properties": {"bags": {"type": "integer"}, "weight": {"type": "number"}}}
    fields = form_fields(schema, {})
    assert answers_from_post(fields, {"bags": ["1,200"], "weight": ["2.5"]}) == {"bags": 1200, "weight": 2.5}
    assert answers_from_post(fields, {"bags": ["two"], "weight": ["nan"]}) == {"bags": "two", "weight": "nan"}
    assert answers_from_post(fields, {"bags": ["1.5"]}) == {"bags": 1.5}


def test_booleans_come_from_yes_no_and_true_false():
    fields = form_fields({"type": "object", "properties": {"assisted": {"type": "boolean"}}}, {})
    assert answers_from_post(fields, {"assisted": ["yes"]}) == {"assisted": True}
    assert answers_from_post(fields, {"assisted": ["false"]}) == {"assisted": False}
    assert answers_from_post(fields, {"assisted": ["maybe"]}) == {"assisted": "maybe"}


def test_a_chosen_option_keeps_its_type():
    schema = {
        "type": "object",
        "properties": {
            "bins": {"type": "integer", "enum": [1, 2, 3]},
            "days": {"type": "array", "items": {"type": "integer", "enum": [1, 7]}},
        },
    }
    fields = form_fields(schema, {})
    assert answers_from_post(fields, {"bins": ["2"], "days": ["1", "7"]}) == {"bins": 2, "days": [1, 7]}


def test_text_is_stripped_and_line_endings_normalised():
    schema = {"type": "object", "properties": {"address": {"type": "string"}}}
    fields = form_fields(schema, {"fields": {"address": {"widget": "address"}}})
    assert answers_from_post(fields, {"address": ["  1 High Street\r\nTown \n"]}) == {"address": "1 High Street\nTown"}


def test_a_location_object_is_posted_as_one_input_per_part():
    schema = {
        "type": "object",
        "properties": {
            "where": {"type": "object", "properties": {"lat": {"type": "number"}, "lng": {"type": "number"}}}
        },
    }
    fields = form_fields(schema, {"fields": {"where": {"widget": "location"}}})
    assert answers_from_post(fields, {"where-lat": ["51.5"], "where-lng": ["-0.12"]}) == {
        "where": {"lat": 51.5, "lng": -0.12}
    }
    assert answers_from_post(fields, {"where-lat": [""]}) == {}


def test_a_question_hidden_by_an_earlier_answer_is_dropped(schema, ui_schema):
    fields = form_fields(schema, ui_schema)
    post = {"bin_type": ["general"], "garden_subscription": ["GW123456"], "details": ["by the gate"]}
    assert answers_from_post(fields, post) == {"bin_type": "general", "details": "by the gate"}


def test_plain_string_values_are_accepted_too(schema, ui_schema):
    assert answers_from_post(form_fields(schema, ui_schema), {"bin_type": "recycling"}) == {"bin_type": "recycling"}
