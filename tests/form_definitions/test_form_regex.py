"""Designer regexes run on RE2: what it cannot run is refused with the path and reason; the rest is linear time."""

from __future__ import annotations

import pytest

from councilflow.errors import DefinitionInvalid
from form_definitions.compiled import compile_form
from form_definitions.meta import form_definition_check
from workflows.validate import workflow_definition_validate

ARABIC_INDIC_THREE = "\u0663"  # a digit to Python's `\d`, not to RE2's (ASCII) `\d`


def _form(**reference) -> dict:
    return {"type": "object", "properties": {"reference": {"type": "string", **reference}}}


def _problems(schema: dict) -> dict[str, str]:
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, {})
    return {p.path: p.message for p in caught.value.problems}


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"^(a+)+\1$", r"invalid escape sequence: \1 (backreferences (\1 ... \9) are not supported)"),
        (r"^(?=(a+)+$)a", "invalid perl operator: (?= (lookahead (?=...) is not supported)"),
        (r"^(?!b)a", "invalid perl operator: (?! (negative lookahead (?!...) is not supported)"),
        (r"(?<=a)b", "invalid perl operator: (?<= (lookbehind (?<=...) and (?<!...) are not supported)"),
        (r"^a++$", "bad repetition operator: ++ (possessive quantifiers (*+, ++, ?+) are not supported)"),
        (r"((a{100}){100}){100}", "invalid repetition size: {100}"),
        ("[", "missing ]: ["),
    ],
)
def test_a_pattern_re2_cannot_run_is_refused_with_its_path_and_reason(pattern, reason):
    import json

    assert _problems(_form(pattern=pattern)) == {
        "/schema/properties/reference/pattern": f"{json.dumps(pattern)} cannot be run by the linear-time regex engine (RE2): {reason}",
    }


def test_a_very_long_pattern_is_refused():
    assert _problems(_form(pattern="a" * 1001)) == {
        "/schema/properties/reference/pattern": "is longer than the limit of 1000 characters",
    }


def test_pattern_properties_keys_and_nested_patterns_are_checked_too():
    schema = {
        "type": "object",
        "properties": {
            "extras": {"type": "object", "patternProperties": {r"^(x+)+\1$": {"type": "string"}}},
            "items": {"type": "array", "items": {"type": "string", "pattern": "(?=a)"}},
        },
    }
    problems = _problems(schema)
    assert "backreferences" in problems["/schema/properties/extras/patternProperties/^(x+)+\\1$"]
    assert "lookahead" in problems["/schema/properties/items/items/pattern"]


def test_pattern_properties_cannot_be_combined_with_unevaluated_properties():
    schema = {
        "type": "object",
        "properties": {
            "extras": {"type": "object", "patternProperties": {"^x": {}}, "unevaluatedProperties": False},
        },
    }
    assert _problems(schema) == {
        "/schema": "patternProperties cannot be combined with unevaluatedProperties; use additionalProperties instead",
    }


def test_the_classic_bomb_is_answered_at_once_because_re2_does_not_backtrack():
    """`^(a+)+$` is valid in both engines; Python's `re` needs ~13 s for this answer, RE2 microseconds."""
    form = compile_form(_form(pattern="^(a+)+$"), {})
    assert form.errors_for({"reference": "a" * 28 + "!"}) == {"reference": "Enter reference in the correct format"}
    assert form.errors_for({"reference": "a" * 28}) == {}


def test_answers_are_matched_by_re2_not_python_re():
    """Python's `\\d` matches any Unicode digit; RE2's only 0-9, so this answer tells the engines apart."""
    form = compile_form(_form(pattern=r"^\d+$"), {})
    assert form.errors_for({"reference": "42"}) == {}
    assert form.errors_for({"reference": ARABIC_INDIC_THREE * 2}) == {
        "reference": "Enter reference in the correct format"
    }


def test_pattern_and_additional_properties_are_matched_by_re2():
    schema = {
        "type": "object",
        "properties": {
            "rooms": {
                "type": "object",
                "patternProperties": {r"^\d+$": {"type": "integer"}},
                "additionalProperties": False,
            }
        },
    }
    form = compile_form(schema, {"fields": {"rooms": {"widget": "location"}}})
    validator = form.validator
    assert list(validator.iter_errors({"rooms": {"12": 3}})) == []
    assert [e.validator for e in validator.iter_errors({"rooms": {"12": "three"}})] == ["type"]
    # Under Python's engine the key would match `^\d+$` and be accepted; under RE2 it is an extra property.
    errors = list(validator.iter_errors({"rooms": {ARABIC_INDIC_THREE: 3}}))
    assert [e.validator for e in errors] == ["additionalProperties"]


def test_a_format_regex_answer_is_compiled_by_re2():
    form = compile_form(_form(format="regex"), {})
    assert form.errors_for({"reference": "^[a-z]+$"}) == {}
    assert list(form.errors_for({"reference": "(?=a)"})) == ["reference"]


def test_a_task_form_schema_in_a_workflow_is_held_to_the_same_rule():
    workflow = {
        "title": "Check",
        "start": "check",
        "steps": [
            {
                "id": "check",
                "type": "task",
                "title": "Check",
                "assign": {"team": "waste"},
                "outcomes": [{"id": "done", "label": "Done"}],
                "next": "end",
                "form": {
                    "schema": {"type": "object", "properties": {"ref": {"type": "string", "pattern": r"^(a+)\1$"}}}
                },
            },
            {"id": "end", "type": "end", "outcome": "resolved"},
        ],
    }
    problems = [str(p) for p in workflow_definition_validate(workflow)]
    assert len(problems) == 1
    assert problems[0].startswith("/steps/0/form/schema/properties/ref/pattern: ")
    assert "backreferences" in problems[0]
