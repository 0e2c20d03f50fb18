"""Pages and questions come out of the definition with the labels, widgets and choices a person sees."""

from __future__ import annotations

from form_definitions.fields import Choice, answer_display, field_label, form_fields, form_pages


def test_pages_hold_their_questions_in_order(schema, ui_schema):
    pages = form_pages(schema, ui_schema)
    assert [(p.id, p.title, [f.name for f in p.fields]) for p in pages] == [
        ("bin", "About the missed bin", ["bin_type", "collection_date", "bags", "garden_subscription"]),
        ("details", "Anything else", ["problems", "details", "photo"]),
        ("contact", "How can we contact you?", ["email"]),
    ]
    assert [f.name for f in form_fields(schema, ui_schema)][-2:] == ["photo", "email"]


def test_without_pages_all_questions_form_one_page_in_the_given_order(schema):
    pages = form_pages(schema, {"order": ["email", "bin_type"]})
    assert len(pages) == 1
    assert pages[0].title == "Report a missed bin collection"
    assert [f.name for f in pages[0].fields] == [
        "email",
        "bin_type",
        "collection_date",
        "bags",
        "garden_subscription",
        "problems",
        "details",
        "photo",
    ]


def test_without_order_the_schema_property_order_is_used(schema):
    assert [f.name for f in form_fields(schema, None)][:3] == ["bin_type", "collection_date", "bags"]


def test_labels_and_hints_fall_back_to_title_and_description(schema, ui_schema):
    fields = {f.name: f for f in form_fields(schema, ui_schema)}
    assert (fields["bin_type"].label, fields["bin_type"].hint) == (
        "Which bin was missed?",
        "Check the colour of the lid",
    )
    assert (fields["details"].label, fields["details"].hint) == (
        "Anything else we should know",
        "For example, where you left the bin",
    )
    assert field_label({"type": "object", "properties": {"home_postcode": {}}}, {}, "home_postcode") == "Home postcode"


def test_widgets_are_inferred_from_the_schema():
    schema = {
        "type": "object",
        "properties": {
            "bin": {"enum": ["general", "garden"]},
            "ward": {"enum": [f"Ward {i}" for i in range(9)]},
            "problems": {"type": "array", "items": {"oneOf": [{"const": "a", "title": "A"}]}},
            "due": {"type": "string", "format": "date"},
            "email": {"type": "string", "format": "email"},
            "bags": {"type": "integer"},
            "weight": {"type": "number"},
            "assisted": {"type": "boolean"},
            "story": {"type": "string", "maxLength": 201},
            "name": {"type": "string", "maxLength": 200},
        },
    }
    widgets = {f.name: f.widget for f in form_fields(schema, {})}
    assert widgets == {
        "bin": "radios",
        "ward": "select",
        "problems": "checkboxes",
        "due": "date",
        "email": "email",
        "bags": "number",
        "weight": "number",
        "assisted": "radios",
        "story": "textarea",
        "name": "text",
    }


def test_choices_come_from_enum_one_of_and_booleans(schema, ui_schema):
    fields = {f.name: f for f in form_fields(schema, ui_schema)}
    assert fields["bin_type"].choices[2] == Choice("garden", "Garden waste (green lid)")
    assert fields["problems"].multiple is True
    assert fields["problems"].choices[0] == Choice("not emptied", "not emptied")
    boolean = form_fields({"type": "object", "properties": {"ok": {"type": "boolean"}}}, {})[0]
    assert boolean.choices == [Choice(True, "Yes"), Choice(False, "No")]


def test_required_show_if_file_settings_and_messages_are_carried(schema, ui_schema):
    fields = {f.name: f for f in form_fields(schema, ui_schema)}
    assert fields["email"].required and not fields["details"].required
    assert fields["garden_subscription"].show_if == {"field": "bin_type", "equals": "garden"}
    assert (fields["photo"].accept, fields["photo"].max_size_mb) == (["image/jpeg", "image/png"], 10)
    assert fields["bin_type"].error_messages["required"] == "Select which bin was missed"


def test_a_local_ref_is_followed_for_the_widget_and_choices():
    schema = {
        "type": "object",
        "$defs": {"bins": {"enum": ["general", "garden"]}},
        "properties": {
            "bins": {"type": "array", "items": {"$ref": "#/$defs/bins"}},
            "bin": {"$ref": "#/$defs/bins", "title": "Bin"},
        },
    }
    fields = {f.name: f for f in form_fields(schema, {})}
    assert fields["bins"].widget == "checkboxes"
    assert (fields["bin"].widget, fields["bin"].label, len(fields["bin"].choices)) == ("radios", "Bin", 2)


def test_answers_are_displayed_as_people_read_them(schema, ui_schema):
    fields = {f.name: f for f in form_fields(schema, ui_schema)}
    assert answer_display(fields["bin_type"], "garden") == "Garden waste (green lid)"
    assert answer_display(fields["collection_date"], "2026-03-05") == "5 March 2026"
    assert answer_display(fields["collection_date"], "2026-02-30") == "2026-02-30"
    assert answer_display(fields["problems"], ["not emptied", "lid damaged"]) == "not emptied, lid damaged"
    assert answer_display(fields["bags"], 3) == "3"
    assert answer_display(fields["photo"], {"name": "bin.jpg", "id": "f1"}) == "bin.jpg"
    assert answer_display(fields["details"], None) == ""


def test_booleans_are_displayed_as_yes_or_no():
    field = form_fields({"type": "object", "properties": {"ok": {"type": "boolean"}}}, {})[0]
    assert (answer_display(field, True), answer_display(field, False)) == ("Yes", "No")
