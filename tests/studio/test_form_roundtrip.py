"""Lossless round trip: every library form and every form in the demo partnership's shared packages opens in the
builder and comes back as the same JSON; the builder can show every key it holds; posting each question's panel
unchanged changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from admin_ext.studio.form_initial import question_initial
from admin_ext.studio.form_model import form_structure_from_json, form_structure_to_json, question_unshown
from admin_ext.studio.form_post import question_input_from_post
from admin_ext.studio.form_question_edits import form_question_update
from casework.models import Service
from councils.models import Partnership
from sharing.services.library import library_entry_publish
from sharing.services.packages import service_package_parse

LIBRARY = sorted((Path(__file__).resolve().parents[2] / "form_definitions" / "library").glob("*.json"))


def _same(before: tuple[dict, dict], after: tuple[dict, dict]) -> None:
    """Equal as JSON values, and questions and pages in the same order (dict equality ignores key order)."""
    assert after == before
    assert list(after[0]["properties"]) == list(before[0]["properties"])


def _round_trip(schema: dict, ui_schema: dict, where: str) -> None:
    structure = form_structure_from_json(schema, ui_schema)
    _same((schema, ui_schema), form_structure_to_json(structure))
    questions = list(structure.questions.values())
    assert [q.name for q in questions] == list(schema["properties"])
    unshown = {q.name: question_unshown(q) for q in questions if question_unshown(q)}
    assert unshown == {}, f"{where}: the builder cannot show {unshown}"
    for question in questions:  # the panel posted back untouched changes no JSON
        data = question_input_from_post(structure, question, question_initial(question), welsh=True)
        after = form_question_update(schema, ui_schema, name=question.name, data=data)
        assert after == (schema, ui_schema), f"{where}: posting {question.name} unchanged changed the JSON"


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_library_form_round_trips(path):
    data = json.loads(path.read_text())
    _round_trip(data["schema"], data["ui_schema"], path.name)


# The library has no repeatable group or several-files question yet: these forms hold every part of both,
# the group's item questions with Welsh wording of their own.
LANGUAGE_CASES = {
    "repeat-and-files": (
        {
            "type": "object",
            "required": ["extra_bins"],
            "properties": {
                "extra_bins": {
                    "type": "array",
                    "title": "Which other bins were missed?",
                    "description": "Add each bin",
                    "minItems": 1,
                    "maxItems": 3,
                    "items": {
                        "type": "object",
                        "required": ["kind", "count"],
                        "properties": {
                            "kind": {
                                "type": "string",
                                "title": "Type of bin",
                                "oneOf": [
                                    {"const": "food", "title": "Food caddy"},
                                    {"const": "glass", "title": "Glass box"},
                                ],
                            },
                            "left_at": {"type": "string", "title": "Where it was left", "maxLength": 40},
                            "count": {"type": "integer", "minimum": 1, "maximum": 9},
                            "seen": {"type": "string", "format": "date", "title": "Date seen"},
                            "sizes": {"type": "array", "items": {"type": "string", "enum": ["small", "large"]}},
                            "broken": {"type": "boolean", "title": "Is it broken?"},
                        },
                    },
                },
                "glass_broken": {"type": "string", "title": "How was the glass broken?"},
                "photos": {
                    "type": "array",
                    "title": "Photos",
                    "minItems": 1,
                    "maxItems": 4,
                    "items": {"type": "object"},
                },
            },
        },
        {
            "pages": [
                {"id": "bins", "title": "Bins", "fields": ["extra_bins", "glass_broken"]},
                {"id": "photos", "title": "Photos", "fields": ["photos"]},
            ],
            "fields": {
                "extra_bins": {
                    "widget": "repeat",
                    "item_label": "Bin",
                    "errors": {"minItems": "Add a bin", "maxItems": "Up to 3 bins"},
                    "item_fields": {
                        "kind": {"widget": "radios", "errors": {"required": "Pick the bin"}},
                        "left_at": {"label": "Where we should look", "hint": "By the gate, say"},
                        "count": {"widget": "number", "errors": {"minimum": "At least one"}},
                        "sizes": {"widget": "checkboxes"},
                        "broken": {"widget": "radios"},
                    },
                },
                "glass_broken": {"show_if": {"field": "extra_bins", "item": "kind", "equals": "glass"}},
                "photos": {
                    "widget": "files",
                    "accept": ["image/jpeg", "image/png"],
                    "max_size_mb": 2,
                    "errors": {"maxItems": "Up to 4 photos"},
                },
            },
            "translations": {
                "cy": {
                    "fields": {
                        "extra_bins": {
                            "label": "Pa finiau eraill?",
                            "errors": {"minItems": "Ychwanegwch fin"},
                            "item_label": "Bin",
                            "items": {
                                "kind": {
                                    "label": "Math o fin",
                                    "hint": "Dewiswch un",
                                    "choices": {"food": "Cadi bwyd"},
                                    "errors": {"required": "Dewiswch y bin"},
                                },
                                "broken": {"choices": {"true": "Ydy", "false": "Nac ydy"}},
                                "count": {"errors": {"minimum": "O leiaf un"}},
                            },
                        },
                        "photos": {"label": "Lluniau", "hint": "Hyd at 4"},
                    }
                }
            },
        },
    ),
}


@pytest.mark.parametrize("case", sorted(LANGUAGE_CASES))
def test_language_case_round_trips(case):
    from form_definitions.meta import form_definition_check

    schema, ui_schema = LANGUAGE_CASES[case]
    form_definition_check(schema, ui_schema)  # a real definition, not one the checks would refuse
    _round_trip(schema, ui_schema, case)


def test_round_trip_fails_on_an_item_key_the_builder_cannot_show():
    """The check above can fail: an item question carrying a key the item row has no control for."""
    schema, ui_schema = LANGUAGE_CASES["repeat-and-files"]
    schema = json.loads(json.dumps(schema))
    schema["properties"]["extra_bins"]["items"]["properties"]["kind"]["examples"] = ["food"]
    with pytest.raises(AssertionError, match="item kind: schema:examples"):
        _round_trip(schema, ui_schema, "changed")


def test_library_is_not_empty():
    assert len(LIBRARY) >= 7


@pytest.mark.django_db
def test_demo_partnership_shared_packages_round_trip(demo):
    """Each demo service published to the partnership library: the form inside each package round-trips."""
    partnership = Partnership.objects.get(slug="vale-partnership")
    services = Service.objects.filter(council__partnerships=partnership).select_related("council", "form", "workflow")
    entries = [
        library_entry_publish(s, partnership=partnership, actor=None) for s in services if s.form.status == "published"
    ]
    assert len(entries) >= 7
    for entry in partnership.library_entries.all():
        form = service_package_parse(entry.package)["content"]["form"]
        _round_trip(form["schema"], form["ui_schema"], f"{entry.source_council.slug}/{entry.service_slug}")
