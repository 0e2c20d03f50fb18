"""A service designer's definition is refused with every problem at its exact path."""

from __future__ import annotations

import json

import pytest

from councilflow.errors import DefinitionInvalid
from form_definitions.meta import form_definition_check


def problems_of(schema: dict, ui_schema: dict) -> dict[str, str]:
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui_schema)
    return {p.path: p.message for p in caught.value.problems}


def test_the_missed_bin_form_is_accepted(schema, ui_schema):
    form_definition_check(schema, ui_schema)


def test_a_form_without_a_ui_schema_is_accepted(schema):
    del schema["properties"]["photo"]  # an upload needs its widget named
    form_definition_check(schema, {})
    form_definition_check(schema, None)


def test_a_misspelt_type_is_reported_at_the_keyword(schema, ui_schema):
    schema["properties"]["bags"]["type"] = "integr"
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/bags/type": "'integr' is not valid under any of the given schemas",
    }


def test_all_problems_are_reported_together(schema, ui_schema):
    schema["properties"]["bags"]["type"] = "integr"
    schema["properties"]["details"]["maxLength"] = -1
    ui_schema["pages"][1]["fields"][0] = "colour"
    problems = problems_of(schema, ui_schema)
    assert set(problems) == {
        "/schema/properties/bags/type",
        "/schema/properties/details/maxLength",
        "/ui_schema/pages/1/fields/0",
    }
    assert all("\n" not in message for message in problems.values())


def test_the_top_level_must_be_an_object_with_properties():
    problems = problems_of({"type": "string"}, {})
    assert problems == {
        "/schema/type": 'the top level must be "type": "object"',
        "/schema": 'must have "properties" listing at least one question',
    }


def test_a_schema_that_is_not_an_object_is_refused():
    assert problems_of(["not", "a", "schema"], {}) == {"/schema": "must be a JSON object"}


def test_an_older_draft_is_refused(schema, ui_schema):
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    assert problems_of(schema, ui_schema) == {
        "/schema/$schema": 'must be "https://json-schema.org/draft/2020-12/schema" or left out',
    }


def test_required_names_must_be_properties(schema, ui_schema):
    schema["required"].append("postcode")
    assert problems_of(schema, ui_schema) == {"/schema/required/3": '"postcode" is not one of the properties'}


def test_a_remote_ref_is_refused(schema, ui_schema):
    schema["properties"]["email"] = {"$ref": "https://example.com/schemas/email.json"}
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/email/$ref": 'remote $ref "https://example.com/schemas/email.json" is not allowed',
    }


def test_a_relative_file_ref_is_refused_too(schema, ui_schema):
    schema["properties"]["email"] = {"$ref": "email.json"}
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/email/$ref": 'remote $ref "email.json" is not allowed',
    }


def test_a_remote_dynamic_ref_and_id_are_refused(schema, ui_schema):
    schema["properties"]["email"] = {"$dynamicRef": "https://example.com/x#node"}
    schema["$id"] = "https://example.com/forms/bin"
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/email/$dynamicRef": 'remote $dynamicRef "https://example.com/x#node" is not allowed',
        "/schema/$id": 'remote $id "https://example.com/forms/bin" is not allowed',
    }


def test_a_nested_id_is_refused_but_a_top_level_urn_is_fine(schema, ui_schema):
    schema["$id"] = "urn:councilflow:form:missed-bin"
    schema["properties"]["details"]["$id"] = "details"
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/details/$id": '$id is only allowed at the top level; put shared parts in "$defs"',
    }


def test_local_refs_must_resolve(schema, ui_schema):
    schema["$defs"] = {"email": {"type": "string", "format": "email"}}
    schema["properties"]["email"] = {"$ref": "#/$defs/email"}
    form_definition_check(schema, ui_schema)
    schema["properties"]["email"] = {"$ref": "#/$defs/emial"}
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/email/$ref": '$ref "#/$defs/emial" does not point at anything in this schema',
    }


def test_a_ref_inside_example_data_is_not_mistaken_for_a_reference(schema, ui_schema):
    schema["properties"]["photo"]["examples"] = [{"$ref": "https://example.com/photo.jpg"}]
    form_definition_check(schema, ui_schema)


def test_a_schema_over_256_kb_is_refused(schema, ui_schema):
    schema["description"] = "x" * (256 * 1024)
    assert problems_of(schema, ui_schema) == {"/schema": "is larger than the limit of 256 KB"}


def test_more_than_500_properties_are_refused():
    schema = {"type": "object", "properties": {f"q{i}": {"type": "string"} for i in range(501)}}
    assert problems_of(schema, {}) == {"/schema/properties": "has 501 properties in all; the limit is 500"}


def test_page_ids_must_be_unique(schema, ui_schema):
    ui_schema["pages"][2]["id"] = "bin"
    assert problems_of(schema, ui_schema) == {"/ui_schema/pages/2/id": 'duplicate page id "bin"'}


def test_page_ids_must_suit_a_web_address(schema, ui_schema):
    ui_schema["pages"][0]["id"] = "About the bin"
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/pages/0/id": 'must be lower-case letters, digits, "-" or "_", like "about-you"',
    }


def test_a_page_needs_a_title(schema, ui_schema):
    del ui_schema["pages"][0]["title"]
    assert problems_of(schema, ui_schema) == {"/ui_schema/pages/0": 'missing "title"'}


def test_an_unknown_field_on_a_page_is_refused(schema, ui_schema):
    ui_schema["pages"][1]["fields"][0] = "colour"
    assert problems_of(schema, ui_schema) == {"/ui_schema/pages/1/fields/0": 'unknown field "colour"'}


def test_a_field_on_two_pages_is_refused(schema, ui_schema):
    ui_schema["pages"][2]["fields"].append("bags")
    assert problems_of(schema, ui_schema) == {"/ui_schema/pages/2/fields/1": 'field "bags" is already on page "bin"'}


def test_every_required_field_must_be_on_a_page(schema, ui_schema):
    ui_schema["pages"].pop()
    assert problems_of(schema, ui_schema) == {"/ui_schema/pages": 'required field "email" is not on any page'}


def test_order_is_checked_when_there_are_no_pages(schema):
    ui_schema = {"order": ["email", "colour", "email"], "fields": {"photo": {"widget": "file"}}}
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/order/1": 'unknown field "colour"',
        "/ui_schema/order/2": 'field "email" is listed twice',
    }


def test_unknown_keys_are_refused(schema, ui_schema):
    ui_schema["theme"] = "dark"
    ui_schema["fields"]["email"] = {"lable": "Your email"}
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/theme": 'unknown key "theme"; use pages, fields, order, customer or translations',
        "/ui_schema/fields/email/lable": 'unknown key "lable"; use label, hint, widget, errors, show_if, accept, max_size_mb, error_label, date_rules, item_label, item_fields, item_order',
    }


def test_settings_for_an_unknown_field_are_refused(schema, ui_schema):
    ui_schema["fields"]["colour"] = {"label": "Colour"}
    assert problems_of(schema, ui_schema) == {"/ui_schema/fields/colour": 'unknown field "colour"'}


def test_an_unknown_widget_is_refused(schema, ui_schema):
    ui_schema["fields"]["bags"] = {"widget": "slider"}
    message = problems_of(schema, ui_schema)["/ui_schema/fields/bags/widget"]
    assert message.startswith('unknown widget "slider"; use one of address, address_lookup, checkboxes, date')


@pytest.mark.parametrize(
    ("field", "widget", "message"),
    [
        (
            "bin_type",
            "checkboxes",
            'widget "checkboxes" needs an array property whose items have enum or oneOf choices',
        ),
        ("details", "radios", 'widget "radios" needs a property with enum or oneOf choices, or a boolean'),
        ("details", "number", 'widget "number" needs an integer or number property, not type "string"'),
        ("bags", "text", 'widget "text" needs a string property, not type "integer"'),
        ("problems", "select", 'widget "select" needs a property with enum or oneOf choices, or a boolean'),
        ("email", "file", 'widget "file" needs an object property (the stored file reference), not type "string"'),
    ],
)
def test_a_widget_must_suit_the_property_type(schema, ui_schema, field, widget, message):
    ui_schema["fields"].setdefault(field, {})["widget"] = widget
    assert problems_of(schema, ui_schema) == {f"/ui_schema/fields/{field}/widget": message}


def test_a_property_no_default_widget_fits_needs_one_named(schema, ui_schema):
    del ui_schema["fields"]["photo"]
    assert problems_of(schema, ui_schema) == {
        "/schema/properties/photo": 'no widget fits type "object" by default; set one at /ui_schema/fields/photo/widget',
    }


def test_show_if_cannot_refer_to_a_later_question(schema, ui_schema):
    ui_schema["fields"]["bags"] = {"show_if": {"field": "email", "equals": "a@example.com"}}
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/fields/bags/show_if/field": '"email" must come before "bags"',
    }


def test_show_if_cannot_refer_to_an_unknown_question_or_itself(schema, ui_schema):
    ui_schema["fields"]["bags"] = {"show_if": {"field": "bin", "equals": "garden"}}
    ui_schema["fields"]["email"] = {"show_if": {"field": "email", "equals": "x"}}
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/fields/bags/show_if/field": 'unknown field "bin"',
        "/ui_schema/fields/email/show_if/field": '"email" cannot depend on itself',
    }


def test_show_if_values_must_be_choices_of_the_question(schema, ui_schema):
    ui_schema["fields"]["garden_subscription"]["show_if"]["equals"] = "gardn"
    ui_schema["fields"]["details"]["show_if"]["in"] = ["general", "recyling"]
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/fields/garden_subscription/show_if/equals": '"gardn" is not one of the choices of "bin_type"',
        "/ui_schema/fields/details/show_if/in/1": '"recyling" is not one of the choices of "bin_type"',
    }


def test_show_if_needs_exactly_one_of_equals_or_in(schema, ui_schema):
    ui_schema["fields"]["details"]["show_if"] = {"field": "bin_type"}
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/fields/details/show_if": 'must be {"field": ..., "equals": ...} or {"field": ..., "in": [...]}',
    }


def test_file_settings_are_checked(schema, ui_schema):
    ui_schema["fields"]["photo"]["accept"] = ["image/jpeg", "jpg"]
    ui_schema["fields"]["photo"]["max_size_mb"] = 51
    ui_schema["fields"]["email"] = {"max_size_mb": 5}
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/fields/photo/accept/1": '"jpg" is not a MIME type like "image/jpeg"',
        "/ui_schema/fields/photo/max_size_mb": "must be at most 50",
        "/ui_schema/fields/email/max_size_mb": 'only a "file" or "files" widget takes "max_size_mb"',
    }


def test_error_message_keys_must_be_json_schema_keywords(schema, ui_schema):
    ui_schema["fields"]["bin_type"]["errors"]["requird"] = "Select a bin"
    ui_schema["fields"]["bin_type"]["errors"]["enum"] = ""
    assert problems_of(schema, ui_schema) == {
        "/ui_schema/fields/bin_type/errors/requird": '"requird" is not a JSON Schema keyword, like "required" or "enum"',
        "/ui_schema/fields/bin_type/errors/enum": "must be a non-empty message",
    }


def test_a_field_name_with_a_slash_is_escaped_in_the_path(ui_schema):
    schema = {"type": "object", "properties": {"a/b": {"type": "integr"}}}
    assert problems_of(schema, {}) == {
        "/schema/properties/a~1b/type": "'integr' is not valid under any of the given schemas",
    }


def test_problems_survive_a_json_round_trip(schema, ui_schema):
    ui_schema["pages"][1]["fields"][0] = "colour"
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui_schema)
    assert json.loads(json.dumps([p.__dict__ for p in caught.value.problems])) == [
        {"path": "/ui_schema/pages/1/fields/0", "message": 'unknown field "colour"'},
    ]


def test_customer_mapping_must_name_known_fields(schema, ui_schema):
    ui_schema = {**ui_schema, "customer": {"email": "email_address", "shoe_size": "x"}}
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui_schema)
    paths = {p.path: p.message for p in caught.value.problems}
    assert paths["/ui_schema/customer/email"] == 'unknown field "email_address"'
    assert paths["/ui_schema/customer/shoe_size"].startswith('unknown key "shoe_size"')


def _nested_schema(levels: int) -> dict:
    node: dict = {"type": "string"}
    for _ in range(levels):
        node = {"type": "object", "properties": {"a": node}}
    return node


def test_a_schema_nested_300_levels_is_refused_at_the_first_level_too_deep(ui_schema):
    # built in Python (a shell, an import): the admin's parser would have refused the text already
    assert problems_of(_nested_schema(300), ui_schema) == {
        "/schema" + "/properties/a" * 32: "nested deeper than the limit of 64 levels (JSON_MAX_DEPTH)",
    }


def test_a_ui_schema_nested_too_deep_is_refused_with_its_path(schema):
    ui: dict = {}
    for _ in range(100):
        ui = {"x": ui}
    assert problems_of(schema, {"pages": [], "deep": ui}) == {
        "/ui_schema/deep" + "/x" * 63: "nested deeper than the limit of 64 levels (JSON_MAX_DEPTH)",
    }
