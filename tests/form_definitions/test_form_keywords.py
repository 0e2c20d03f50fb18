"""A keyword or format the platform does not enforce is refused at save, naming it and its path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from councilflow.errors import DefinitionInvalid
from form_definitions.compiled import compile_form
from form_definitions.meta import form_definition_check

LIBRARY = Path(__file__).resolve().parents[2] / "form_definitions" / "library"


def problems_of(schema: dict, ui_schema: dict) -> dict[str, str]:
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui_schema)
    return {p.path: p.message for p in caught.value.problems}


def test_format_maximum_today_is_refused_with_its_path(schema, ui_schema):
    schema["properties"]["collection_date"]["formatMaximum"] = "today"
    problems = problems_of(schema, ui_schema)
    assert list(problems) == ["/schema/properties/collection_date/formatMaximum"]
    message = problems["/schema/properties/collection_date/formatMaximum"]
    assert message.startswith('keyword "formatMaximum" is not enforced by Councilflow')
    assert '"date_rules"' in message and "not_in_future" in message


def test_a_misspelt_keyword_is_named_with_the_one_meant(schema, ui_schema):
    schema["properties"]["details"]["maxlength"] = 10
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/details/maxlength": 'keyword "maxlength" is not enforced by Councilflow, '
        'so answers would not be held to it; did you mean "maxLength"?'
    }


def test_unknown_keywords_are_found_inside_defs_and_nested_objects(schema, ui_schema):
    schema["$defs"] = {"ref": {"type": "string", "x-colour": "red"}}
    schema["properties"]["photo"]["properties"] = {"name": {"type": "string", "contentMediaType": "image/png"}}
    assert set(problems_of(schema, ui_schema)) == {
        "/schema/$defs/ref/x-colour",
        "/schema/properties/photo/properties/name/contentMediaType",
    }


def test_an_unchecked_format_is_refused(schema, ui_schema):
    schema["properties"]["details"]["format"] = "ipv4"
    problems = problems_of(schema, ui_schema)
    assert problems == {
        "/schema/properties/details/format": 'format "ipv4" is not checked by Councilflow, so answers would not be '
        "held to it; use one of date, date-time, email, uri, regex, or a pattern"
    }


def test_annotations_and_structure_keywords_are_accepted(schema, ui_schema):
    schema["$comment"] = "kept for the designers"
    schema["properties"]["details"].update({"default": "", "examples": ["By the gate"], "deprecated": False})
    schema["properties"]["bags"].update({"readOnly": False, "$anchor": "bags"})
    form_definition_check(schema, ui_schema)


def test_a_property_named_like_a_keyword_is_not_a_keyword(schema, ui_schema):
    schema["properties"]["formatMaximum"] = {"type": "string", "title": "Latest date"}
    form_definition_check(schema, ui_schema)


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("*.json")), ids=lambda p: p.stem)
def test_every_library_form_still_passes(path):
    definition = json.loads(path.read_text())
    compile_form(definition["schema"], definition.get("ui_schema"))


def _form(fmt: str):
    return compile_form({"type": "object", "properties": {"value": {"type": "string", "format": fmt}}}, {})


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-03-05T14:30:00Z", True),
        ("2026-03-05T14:30:00.125+01:00", True),
        ("2026-03-05T14:30:00", False),  # no zone
        ("2026-02-30T10:00:00Z", False),
        ("2026-03-05T24:00:00Z", False),
        ("2026-03-05 14:30", False),
        ("yesterday", False),
    ],
)
def test_date_time_answers_are_really_checked(value, ok):
    errors = _form("date-time").errors_for({"value": value})
    assert (errors == {}) is ok, errors


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("ann@example.com", True),
        ("Ann.O'Neil+bins@council.gov.uk", True),
        ("ann@example", False),
        ("ann example@example.com", False),
        ("ann@@example.com", False),
        ("@example.com", False),
        ("ann.@example.com", False),
        ("ann@example..com", False),
        ("ann@-example.com", False),
    ],
)
def test_email_answers_are_really_checked(value, ok):
    errors = _form("email").errors_for({"value": value})
    assert (errors == {}) is ok, errors
    if not ok:
        assert errors == {"value": "Enter an email address in the correct format, like name@example.com"}


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://www.example.org/bins?day=mon", True),
        ("mailto:ann@example.com", True),
        ("urn:isbn:0451450523", True),
        ("www.example.org", False),  # no scheme
        ("https://exa mple.org", False),
        ("https://example.org/%zz", False),
        ("", False),
    ],
)
def test_uri_answers_are_really_checked(value, ok):
    errors = _form("uri").errors_for({"value": value})
    assert (errors == {}) is ok, errors
