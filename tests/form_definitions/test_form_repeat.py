"""Repeatable groups ("add another"): bounded lists of items, errors per item, shown as a list, readable by conditions."""

from __future__ import annotations

import copy

import pytest

from councilflow.errors import DefinitionInvalid
from form_definitions.coerce import answers_from_post
from form_definitions.compiled import compile_form
from form_definitions.fields import answer_display
from form_definitions.meta import form_definition_check
from repeat_groups import extra_bins_group

SCHEMA = {
    "type": "object",
    "required": ["bins"],
    "properties": {
        "bins": extra_bins_group(
            left_at_max=20, more_items={"seen": {"type": "string", "format": "date", "title": "Date seen"}}
        ),
        "broken": {"type": "boolean", "title": "Was any glass broken?"},
    },
}
UI = {
    "order": ["bins", "broken"],
    "fields": {
        "bins": {"widget": "repeat", "item_label": "Bin", "item_fields": {"kind": {"widget": "radios"}}},
        "broken": {"show_if": {"field": "bins", "item": "kind", "equals": "glass"}},
    },
}


@pytest.fixture
def form():
    return compile_form(copy.deepcopy(SCHEMA), copy.deepcopy(UI))


def _problems(schema: dict, ui: dict) -> dict[str, str]:
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui)
    return {p.path: p.message for p in caught.value.problems}


def test_items_are_posted_one_input_per_question_with_a_count(form):
    post = {
        "bins-count": ["2"],
        "bins-0-kind": ["food"],
        "bins-0-left_at": ["By the gate"],
        "bins-1-kind": ["glass"],
        "bins-1-seen-day": ["3"],
        "bins-1-seen-month": ["3"],
        "bins-1-seen-year": ["2026"],
        "broken": ["true"],
    }
    answers = answers_from_post(form.fields, post)
    assert answers == {
        "bins": [{"kind": "food", "left_at": "By the gate"}, {"kind": "glass", "seen": "2026-03-03"}],
        "broken": True,
    }
    assert form.errors_for(answers) == {}


def test_errors_are_per_item_and_name_the_item(form):
    answers = {"bins": [{"kind": "food"}, {"left_at": "x" * 21}, {"kind": "food", "seen": "2026-02-30"}]}
    assert form.errors_for(answers) == {
        "bins-1-kind": "Select type of bin for bin 2",
        "bins-1-left_at": "Where it was left must be 20 characters or fewer for bin 2",
        "bins-2-seen": "Date seen must be a real date for bin 3",
    }


def test_the_count_of_items_is_bounded(form):
    assert form.errors_for({}) == {"bins": "Add at least 1 bin"}
    assert form.errors_for({"bins": []}) == {"bins": "Add at least 1 bin"}
    assert form.errors_for({"bins": [{"kind": "food"}] * 4}) == {"bins": "You can add up to 3 bins"}
    # Whatever the page posts, at most 50 items are read.
    post = {"bins-count": ["100000"], **{f"bins-{i}-kind": ["food"] for i in range(60)}}
    assert len(answers_from_post(form.fields, post)["bins"]) == 50


def test_the_designers_item_wording_is_used_as_written():
    ui = copy.deepcopy(UI)
    ui["fields"]["bins"]["item_fields"]["kind"]["errors"] = {"required": "Select the type of each bin"}
    form = compile_form(copy.deepcopy(SCHEMA), ui)
    assert form.errors_for({"bins": [{}]}) == {"bins-0-kind": "Select the type of each bin"}


def test_a_condition_reads_every_item(form):
    food_only = {"bins": [{"kind": "food"}], "broken": True}
    assert answers_from_post(form.fields, {"bins-count": ["1"], "bins-0-kind": ["food"], "broken": ["true"]}) == {
        "bins": [{"kind": "food"}]
    }
    assert form.errors_for(food_only) == {}  # a hidden question's answer is ignored
    form_needs = compile_form(
        {**copy.deepcopy(SCHEMA), "required": ["bins", "broken"]},
        copy.deepcopy(UI),
    )
    assert form_needs.errors_for({"bins": [{"kind": "food"}]}) == {}
    assert form_needs.errors_for({"bins": [{"kind": "food"}, {"kind": "glass"}]}) == {"broken": "Select yes or no"}


def test_items_are_shown_as_a_list(form):
    shown = answer_display(form.field("bins"), [{"kind": "food", "left_at": "By the gate"}, {"kind": "glass"}])
    assert shown == "Bin 1: Food caddy, By the gate\nBin 2: Glass box"


def test_a_group_needs_max_items_of_at_most_50():
    schema = copy.deepcopy(SCHEMA)
    del schema["properties"]["bins"]["maxItems"]
    assert _problems(schema, copy.deepcopy(UI)) == {
        "/schema/properties/bins/maxItems": "a repeatable group needs maxItems of at most 50"
    }


def test_item_questions_are_checked_at_their_paths():
    schema, ui = copy.deepcopy(SCHEMA), copy.deepcopy(UI)
    schema["properties"]["bins"]["items"]["properties"]["photo"] = {"type": "object"}
    ui["fields"]["bins"]["item_fields"] = {
        "kind": {"widget": "checkboxes", "colour": "red"},
        "lid": {"label": "Lid"},
        "left_at": {"errors": {"maxlength": "Too long"}},
    }
    assert _problems(schema, ui) == {
        "/schema/properties/bins/items/properties/photo": 'widget "text" needs a string property, not type "object"',
        "/ui_schema/fields/bins/item_fields/kind/widget": 'widget "checkboxes" needs an array property whose items '
        "have enum or oneOf choices",
        "/ui_schema/fields/bins/item_fields/kind/colour": 'unknown key "colour"; use label, hint, widget, errors',
        "/ui_schema/fields/bins/item_fields/lid": 'unknown item question "lid"',
        "/ui_schema/fields/bins/item_fields/left_at/errors/maxlength": '"maxlength" is not a JSON Schema keyword, '
        'like "required" or "enum"',
    }


def test_repeat_settings_belong_to_a_repeat_widget_and_conditions_name_item_questions():
    schema, ui = copy.deepcopy(SCHEMA), copy.deepcopy(UI)
    ui["fields"]["broken"]["item_label"] = "Bin"
    ui["fields"]["broken"]["show_if"]["item"] = "colour"
    assert _problems(schema, ui) == {
        "/ui_schema/fields/broken/item_label": 'only a "repeat" widget takes "item_label"',
        "/ui_schema/fields/broken/show_if/item": '"colour" is not a question of the group "bins"',
    }


def test_an_array_of_objects_gets_the_repeat_widget_by_default():
    ui = copy.deepcopy(UI)
    del ui["fields"]["bins"]["widget"]
    assert compile_form(copy.deepcopy(SCHEMA), ui).field("bins").widget == "repeat"
