"""A repeatable group's item questions in the builder: Welsh wording beside the English (Welsh councils only),
checked at its input, and Move up / Move down as plain POSTs that save the panel with the new order."""

from __future__ import annotations

import copy
import re
from html import unescape

import pytest

from admin_ext.studio.form_initial import question_initial
from admin_ext.studio.form_model import form_structure_from_json
from admin_ext.studio.form_problems import problem_place
from councilflow.errors import DefinitionInvalid, DefinitionProblem
from form_definitions.compiled import compile_form
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from repeat_groups import extra_bins_group

pytestmark = pytest.mark.django_db

SCHEMA = {
    "type": "object",
    "required": ["extra_bins"],
    "properties": {
        "extra_bins": extra_bins_group(more_items={"count": {"type": "integer", "title": "How many"}}),
    },
}
UI = {
    "pages": [{"id": "bins", "title": "Bins", "fields": ["extra_bins"]}],
    "fields": {
        "extra_bins": {
            "widget": "repeat",
            "item_label": "Bin",
            "item_fields": {"kind": {"widget": "radios"}},
            "item_order": ["kind", "left_at", "count"],  # the order on both databases (jsonb keeps no key order)
        }
    },
}


def _form(demo, council: str) -> FormDefinition:
    form_definition_check(SCHEMA, UI)
    return FormDefinition.objects.create(
        council=demo.council(council),
        slug="extra-bins",
        name="Extra bins",
        schema=copy.deepcopy(SCHEMA),
        ui_schema=copy.deepcopy(UI),
    )


def _designer(client, demo, council: str):
    client.force_login(demo.user(f"{council}-designer"))
    return client


def _panel_post(client, form: FormDefinition, **changes: str):
    """The group's panel as the page shows it, with these inputs changed."""
    form.refresh_from_db()
    question = form_structure_from_json(form.schema, form.ui_schema).questions["extra_bins"]
    values = {k: v for k, v in question_initial(question).items() if v != ""}
    values.update(changes)
    return client.post(f"/admin/studio/forms/{form.pk}/questions/extra_bins/", values)


def _items(form: FormDefinition) -> list[str]:
    """The item questions in the order the portal asks them (PostgreSQL's jsonb keeps no key order of its own)."""
    form.refresh_from_db()
    return [f.name for f in compile_form(form.schema, form.ui_schema).field("extra_bins").item_fields]


def test_item_welsh_sits_beside_the_english_and_is_saved_in_the_form_language(client, demo):
    designer = _designer(client, demo, "hillford")
    form = _form(demo, "hillford")
    panel = designer.get(f"/admin/studio/forms/{form.pk}/?q=extra_bins").content.decode()
    for name in ("item-kind-cy_label", "item-kind-cy_hint", "item-kind-cy_choices", "item-kind-cy_error_required"):
        assert f'name="{name}"' in panel
    assert 'name="cy_item_label"' in panel and "no Welsh wording" not in panel
    saved = _panel_post(
        designer,
        form,
        cy_item_label="Bin",
        **{
            "item-kind-cy_label": "Math o fin",
            "item-kind-cy_hint": "Dewiswch un",
            "item-kind-cy_choices": "food | Cadi bwyd\nglass | Blwch gwydr",
            "item-kind-cy_error_required": "Dewiswch y math o fin",
            "item-left_at-cy_label": "Ble cafodd ei adael",
        },
    )
    assert saved.status_code == 302, unescape(saved.content.decode())[:3000]
    form.refresh_from_db()
    assert form.ui_schema["translations"]["cy"]["fields"]["extra_bins"] == {
        "item_label": "Bin",
        "items": {
            "kind": {
                "label": "Math o fin",
                "hint": "Dewiswch un",
                "choices": {"food": "Cadi bwyd", "glass": "Blwch gwydr"},
                "errors": {"required": "Dewiswch y math o fin"},
            },
            "left_at": {"label": "Ble cafodd ei adael"},
        },
    }
    form_definition_check(form.schema, form.ui_schema)
    reopened = unescape(designer.get(f"/admin/studio/forms/{form.pk}/?q=extra_bins").content.decode())
    assert 'value="Math o fin"' in reopened and "glass | Blwch gwydr" in reopened

    # Posting the panel unchanged changes nothing; removing an item question takes its Welsh with it.
    before = (copy.deepcopy(form.schema), copy.deepcopy(form.ui_schema))
    assert _panel_post(designer, form).status_code == 302
    form.refresh_from_db()
    assert (form.schema, form.ui_schema) == before
    assert _panel_post(designer, form, **{"item-left_at-remove": "on"}).status_code == 302
    form.refresh_from_db()
    assert list(form.ui_schema["translations"]["cy"]["fields"]["extra_bins"]["items"]) == ["kind"]


def test_a_refused_panel_keeps_the_typed_welsh_and_saves_nothing(client, demo):
    designer = _designer(client, demo, "hillford")
    form = _form(demo, "hillford")
    refused = _panel_post(designer, form, **{"item-kind-cy_label": "Math o fin", "item-kind-label": ""})
    page = unescape(refused.content.decode())
    assert refused.status_code == 400
    assert 'id="q-extra_bins-item-kind-label-error"' in page and 'value="Math o fin"' in page
    form.refresh_from_db()
    assert "translations" not in form.ui_schema


def test_the_checks_problem_in_an_item_questions_welsh_is_placed_at_its_input():
    structure = form_structure_from_json(SCHEMA, UI)
    at = "/ui_schema/translations/cy/fields/extra_bins/items/kind"
    placed = problem_place(structure, DefinitionProblem(f"{at}/errors/bogus", "no such check"))
    assert (placed.question, placed.input, placed.anchor) == (
        "extra_bins",
        "item-kind-cy_error_bogus",
        "q-extra_bins-item-kind-cy_error_bogus",
    )
    assert problem_place(structure, DefinitionProblem(f"{at}/label", "must be a string")).input == "item-kind-cy_label"
    assert problem_place(structure, DefinitionProblem(at, "unknown")).input == "item-kind-cy_label"


def test_an_english_only_council_sees_no_item_welsh_and_keeps_what_is_stored(client, demo):
    designer = _designer(client, demo, "riverside")
    ui = copy.deepcopy(UI)
    ui["translations"] = {"cy": {"fields": {"extra_bins": {"items": {"kind": {"label": "Math o fin"}}}}}}
    form = _form(demo, "riverside")
    form.ui_schema = ui
    form.save()
    panel = designer.get(f"/admin/studio/forms/{form.pk}/?q=extra_bins").content.decode()
    assert 'name="item-kind-cy_label"' not in panel and 'name="cy_item_label"' not in panel
    question = form_structure_from_json(form.schema, form.ui_schema).questions["extra_bins"]
    english = {k: v for k, v in question_initial(question).items() if v != "" and "cy_" not in k}
    english["item-kind-label"] = "Kind of bin"
    assert designer.post(f"/admin/studio/forms/{form.pk}/questions/extra_bins/", english).status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["translations"]["cy"]["fields"]["extra_bins"]["items"] == {"kind": {"label": "Math o fin"}}


def test_move_up_and_down_save_the_panel_with_the_new_order(client, demo):
    designer = _designer(client, demo, "riverside")
    form = _form(demo, "riverside")
    panel = unescape(designer.get(f"/admin/studio/forms/{form.pk}/?q=extra_bins").content.decode())
    assert 'name="item_move" value="kind:down"' in panel and 'name="item_move" value="kind:up"' not in panel
    assert 'name="item_move" value="count:up"' in panel and 'name="item_move" value="count:down"' not in panel

    moved = _panel_post(designer, form, item_move="count:up", **{"item-left_at-label": "Where we should look"})
    assert moved.status_code == 302 and moved["Location"].endswith("?q=extra_bins#q-extra_bins-item-count")
    assert _items(form) == ["kind", "count", "left_at"]
    assert form.ui_schema["fields"]["extra_bins"]["item_order"] == ["kind", "count", "left_at"]
    assert form.schema["properties"]["extra_bins"]["items"]["properties"]["left_at"]["title"] == "Where we should look"
    assert _panel_post(designer, form, item_move="kind:down").status_code == 302
    assert _items(form) == ["count", "kind", "left_at"]
    assert _panel_post(designer, form, item_move="count:up").status_code == 302  # already first: stays
    assert _items(form) == ["count", "kind", "left_at"]
    form_definition_check(form.schema, form.ui_schema)
    page = unescape(designer.get(moved["Location"]).content.decode())
    assert page.index('id="q-extra_bins-item-count"') < page.index('id="q-extra_bins-item-kind"')


def test_a_move_with_a_problem_in_the_panel_saves_nothing(client, demo):
    designer = _designer(client, demo, "riverside")
    form = _form(demo, "riverside")
    refused = _panel_post(designer, form, item_move="count:up", **{"item-left_at-maxLength": "lots"})
    assert refused.status_code == 400
    assert "Most characters must be a whole number" in unescape(refused.content.decode())
    assert _items(form) == ["kind", "left_at", "count"]


@pytest.mark.parametrize(
    ("order", "path", "message"),
    [
        (["kind", "colour"], "/ui_schema/fields/extra_bins/item_order/1", 'unknown item question "colour"'),
        (["kind", "kind"], "/ui_schema/fields/extra_bins/item_order/1", '"kind" is listed twice'),
        ("kind", "/ui_schema/fields/extra_bins/item_order", "must be a list of item question names"),
    ],
)
def test_item_order_is_checked_at_its_exact_path(order, path, message):
    ui = copy.deepcopy(UI)
    ui["fields"]["extra_bins"]["item_order"] = order
    with pytest.raises(DefinitionInvalid) as raised:
        form_definition_check(SCHEMA, ui)
    assert [(p.path, p.message) for p in raised.value.problems] == [(path, message)]


def test_item_order_on_a_question_that_is_not_a_group_is_refused():
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    with pytest.raises(DefinitionInvalid) as raised:
        form_definition_check(schema, {"fields": {"name": {"item_order": ["a"]}}})
    assert [p.path for p in raised.value.problems] == ["/ui_schema/fields/name/item_order"]


def test_a_group_made_a_text_question_loses_its_item_order_and_item_welsh(client, demo):
    designer = _designer(client, demo, "hillford")
    form = _form(demo, "hillford")
    assert (
        _panel_post(designer, form, **{"item-kind-cy_label": "Math o fin", "cy_item_label": "Bin"}).status_code == 302
    )
    form.refresh_from_db()
    assert form.ui_schema["translations"]["cy"]["fields"]["extra_bins"]["items"]
    changed = _panel_post(designer, form, widget="text")
    assert changed.status_code == 302, re.findall(
        r"studio-field-error[^<]*<|problem[^<]{0,200}", unescape(changed.content.decode())
    )
    form.refresh_from_db()
    assert "item_order" not in form.ui_schema["fields"].get("extra_bins", {})
    assert "items" not in form.ui_schema["translations"]["cy"]["fields"].get("extra_bins", {})
    form_definition_check(form.schema, form.ui_schema)
