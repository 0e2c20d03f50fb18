"""The form's own page: pages and questions in order, each edit a POST through form_definition_check,
problems shown on the question with the typed input kept and nothing saved; published versions read-only."""

from __future__ import annotations

from html import unescape

import pytest

from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft
from sharing.models import LookupList, LookupRow

pytestmark = pytest.mark.django_db


def _draft(demo, council: str = "riverside", slug: str = "missed-bin") -> FormDefinition:
    published = FormDefinition.objects.get(council__slug=council, slug=slug, status="published")
    return form_definition_new_draft(published, user=demo.user(f"{council}-designer"))


def _blank(demo, council: str = "riverside") -> FormDefinition:
    """A new form with one question, as the service start page makes it."""
    return FormDefinition.objects.create(
        council=demo.council(council),
        slug="trolley",
        name="Abandoned trolley",
        schema={
            "type": "object",
            "properties": {"where": {"type": "string", "title": "Where is it?"}},
            "required": ["where"],
        },
        ui_schema={"pages": [{"id": "where", "title": "Where", "fields": ["where"]}]},
    )


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


def _url(form: FormDefinition, tail: str = "") -> str:
    return f"/admin/studio/forms/{form.pk}/{tail}"


def _panel_post(designer, form, name: str, **changes) -> object:
    """Post a question's panel as the page shows it, with these inputs changed."""
    from admin_ext.studio.form_initial import question_initial
    from admin_ext.studio.form_model import form_structure_from_json

    form.refresh_from_db()
    question = form_structure_from_json(form.schema, form.ui_schema).questions[name]
    values = {k: v for k, v in question_initial(question).items() if v != "" or k in changes}
    values.update(changes)
    values = {k: v for k, v in values.items() if v is not None}
    return designer.post(_url(form, f"questions/{name}/"), values)


def test_form_page_lists_pages_and_questions_in_order(designer, demo):
    form = _draft(demo)
    html = designer.get(_url(form)).content.decode()
    assert (
        html.index("Page 1: About the missed collection")
        < html.index("Page 2: Where")
        < html.index("Page 3: Your details")
    )
    assert html.index("Which bin was missed?") < html.index("When should it have been collected?")
    assert "resident’s email address" in html  # the customer mapping shown on the question
    assert "Save question" not in html  # no panel open until asked for
    opened = designer.get(_url(form) + "?q=bin_type").content.decode()
    assert 'name="options"' in opened and "general | General waste (black lid)" in opened


def test_index_rows_link_to_the_builder(designer, demo):
    form = _draft(demo)
    html = designer.get("/admin/studio/").content.decode()
    assert f'href="/admin/studio/forms/{form.pk}/"' in html


def test_add_question_then_set_label_hint_required_rules_and_errors(designer, demo):
    form = _blank(demo)
    response = designer.post(
        _url(form, "add-question/"), {"page": "where", "label": "Describe the trolley", "widget": "textarea"}
    )
    assert response.status_code == 302 and "?q=describe_the_trolley" in response["Location"]
    response = _panel_post(
        designer,
        form,
        "describe_the_trolley",
        hint="Its colour and the shop name",
        required="on",
        maxLength="500",
        minLength="5",
        error_required="Describe the trolley",
        error_maxLength="Keep it under 500 characters",
    )
    assert response.status_code == 302
    form.refresh_from_db()
    prop = form.schema["properties"]["describe_the_trolley"]
    assert prop == {"type": "string", "title": "Describe the trolley", "maxLength": 500, "minLength": 5}
    assert form.ui_schema["fields"]["describe_the_trolley"] == {
        "widget": "textarea",
        "hint": "Its colour and the shop name",
        "errors": {"required": "Describe the trolley", "maxLength": "Keep it under 500 characters"},
    }
    assert form.schema["required"] == ["where", "describe_the_trolley"]
    assert form.ui_schema["pages"][0]["fields"] == ["where", "describe_the_trolley"]


WIDGET_EDITS = {
    "text": (
        {"maxLength": "80", "pattern": "^[A-Z].*$"},
        {"type": "string", "maxLength": 80, "pattern": "^[A-Z].*$"},
        None,
    ),
    "textarea": ({"maxLength": "900"}, {"type": "string", "maxLength": 900}, "textarea"),
    "address": ({}, {"type": "string"}, "address"),
    "email": ({"error_format": "Enter a real email"}, {"type": "string", "format": "email"}, None),
    "tel": ({}, {"type": "string"}, "tel"),
    "postcode": ({"pattern": "^[A-Z0-9 ]+$"}, {"type": "string", "pattern": "^[A-Z0-9 ]+$"}, "postcode"),
    "date": ({}, {"type": "string", "format": "date"}, None),
    "number": (
        {"minimum": "1", "maximum": "20", "integer_only": "on"},
        {"type": "integer", "minimum": 1, "maximum": 20},
        None,
    ),
    "yesno": ({}, {"type": "boolean"}, None),  # radios is what the language infers for a boolean
    "radios": (
        {"options": "small | Small\nlarge | Large"},
        {"type": "string", "oneOf": [{"const": "small", "title": "Small"}, {"const": "large", "title": "Large"}]},
        None,
    ),
    "select": ({"options": "Red\nBlue"}, {"type": "string", "enum": ["Red", "Blue"]}, "select"),
    "checkboxes": (
        {"options": "a | Apples\nb | Bananas", "minItems": "1"},
        {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "string",
                "oneOf": [{"const": "a", "title": "Apples"}, {"const": "b", "title": "Bananas"}],
            },
        },
        None,
    ),
    "file": ({"accept": "image/jpeg, image/png", "max_size_mb": "5"}, {"type": "object"}, "file"),
    "location": ({}, {"type": "string"}, "location"),
    "address_lookup": ({}, {"type": "object"}, "address_lookup"),
}


@pytest.mark.parametrize("widget", list(WIDGET_EDITS))
def test_post_edit_of_each_widget_kind(designer, demo, widget):
    """Every kind the language has: added, edited through its panel, saved, checked, and shown by the preview."""
    form = _blank(demo)
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "The question", "widget": widget})
    changes, expected_prop, ui_widget = WIDGET_EDITS[widget]
    response = _panel_post(designer, form, "the_question", **changes)
    assert response.status_code == 302, response.content.decode()
    form.refresh_from_db()
    form_definition_check(form.schema, form.ui_schema)
    assert form.schema["properties"]["the_question"] == {**expected_prop, "title": "The question"}
    ui = form.ui_schema.get("fields", {}).get("the_question", {})
    assert ui.get("widget") == ui_widget
    if widget == "file":
        assert ui["accept"] == ["image/jpeg", "image/png"] and ui["max_size_mb"] == 5
    if widget == "email":
        assert ui["errors"] == {"format": "Enter a real email"}
    page = designer.get(_url(form, "preview/where/")).content.decode()
    assert "The question" in page
    if widget == "address_lookup":
        assert 'name="the_question-find"' in page and "Find address" in page and 'name="the_question-line1"' in page


def test_change_kind_reshapes_the_answer_type(designer, demo):
    form = _blank(demo)
    assert _panel_post(designer, form, "where", widget="number").status_code == 302
    form.refresh_from_db()
    assert form.schema["properties"]["where"] == {"type": "number", "title": "Where is it?"}
    assert _panel_post(designer, form, "where", widget="text").status_code == 302
    form.refresh_from_db()
    assert form.schema["properties"]["where"] == {"type": "string", "title": "Where is it?"}


def test_conditional_question_is_written_in_the_language(designer, demo):
    form = _blank(demo)
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "Size", "widget": "radios"})
    _panel_post(designer, form, "size", options="s | Small\nm | Medium\nl | Large")
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "Is it in water?", "widget": "yesno"})
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "How deep", "widget": "text"})
    assert (
        _panel_post(
            designer, form, "how_deep", show_if_field="is_it_in_water", show_if_op="equals", show_if_value="Yes"
        ).status_code
        == 302
    )
    form.refresh_from_db()
    assert form.ui_schema["fields"]["how_deep"]["show_if"] == {"field": "is_it_in_water", "equals": True}
    assert "Shown when “Is it in water?” is Yes" in designer.get(_url(form)).content.decode()

    assert (
        _panel_post(designer, form, "how_deep", show_if_field="size", show_if_op="not", show_if_value="s").status_code
        == 302
    )
    form.refresh_from_db()
    assert form.ui_schema["fields"]["how_deep"]["show_if"] == {"field": "size", "in": ["m", "l"]}
    assert (
        _panel_post(
            designer, form, "how_deep", show_if_field="size", show_if_op="in", show_if_value="Small, l"
        ).status_code
        == 302
    )
    form.refresh_from_db()
    assert form.ui_schema["fields"]["how_deep"]["show_if"] == {"field": "size", "in": ["s", "l"]}
    assert _panel_post(designer, form, "how_deep", show_if_field="").status_code == 302
    form.refresh_from_db()
    assert "show_if" not in form.ui_schema["fields"].get("how_deep", {})


def test_refused_edit_shows_problem_on_question_keeps_input_and_saves_nothing(designer, demo):
    form = _blank(demo)
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "Size", "widget": "radios"})
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "How big", "widget": "text"})
    form.refresh_from_db()
    before = (form.schema, form.ui_schema)
    response = _panel_post(
        designer,
        form,
        "how_big",
        label="How big exactly",
        show_if_field="size",
        show_if_op="equals",
        show_if_value="huge",
        pattern="(a+)\\1",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert (
        'href="#q-how_big-show_if_value"' in html
        and "&quot;huge&quot; is not one of the choices of &quot;size&quot;" in html
    )
    assert 'href="#q-how_big-pattern"' in html and "RE2" in html
    assert 'value="How big exactly"' in html  # the designer's typed input stays in the page
    form.refresh_from_db()
    assert (form.schema, form.ui_schema) == before


def test_add_question_without_words_is_refused_at_its_input(designer, demo):
    form = _blank(demo)
    response = designer.post(_url(form, "add-question/"), {"page": "where", "label": " ", "widget": "radios"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#new-label-where"' in html and 'id="new-label-where"' in html
    assert '<option value="radios" selected>' in html  # the kind chosen stays chosen
    form.refresh_from_db()
    assert list(form.schema["properties"]) == ["where"]


def test_panel_input_that_is_not_a_number_is_refused_at_its_input(designer, demo):
    form = _blank(demo)
    response = _panel_post(designer, form, "where", maxLength="lots")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#q-where-maxLength"' in html and "Most characters must be a whole number" in html
    assert 'value="lots"' in html


def test_removing_a_question_another_depends_on_is_refused_on_the_dependent(designer, demo):
    form = _blank(demo)
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "Is it in water?", "widget": "yesno"})
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "How deep", "widget": "text"})
    _panel_post(designer, form, "how_deep", show_if_field="is_it_in_water", show_if_value="yes")
    response = designer.post(_url(form, "questions/is_it_in_water/remove/"))
    assert response.status_code == 400
    assert 'href="#q-how_deep' in response.content.decode()
    form.refresh_from_db()
    assert "is_it_in_water" in form.schema["properties"]
    assert designer.post(_url(form, "questions/how_deep/remove/")).status_code == 302
    form.refresh_from_db()
    assert "how_deep" not in form.schema["properties"] and "how_deep" not in form.ui_schema.get("fields", {})


def test_reorder_questions_and_pages_with_buttons(designer, demo):
    form = _draft(demo)
    designer.post(_url(form, "questions/collection_date/move/"), {"direction": "up"})
    form.refresh_from_db()
    assert form.ui_schema["pages"][0]["fields"] == ["collection_date", "bin_type", "bin_out_by_7am"]
    designer.post(_url(form, "questions/bin_out_by_7am/move/"), {"direction": "down"})  # off the end: next page
    form.refresh_from_db()
    assert form.ui_schema["pages"][1]["fields"][0] == "bin_out_by_7am"
    designer.post(_url(form, "pages/you/move/"), {"direction": "up"})
    form.refresh_from_db()
    assert [p["id"] for p in form.ui_schema["pages"]] == ["bin", "you", "where"]
    form_definition_check(form.schema, form.ui_schema)


def test_add_rename_and_remove_a_page(designer, demo):
    form = _blank(demo)
    response = designer.post(_url(form, "add-page/"), {"title": "Photo", "label": "A photo of it", "widget": "file"})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["pages"][1] == {"id": "photo", "title": "Photo", "fields": ["a_photo_of_it"]}
    assert designer.post(_url(form, "pages/photo/"), {"title": "A photo"}).status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["pages"][1]["title"] == "A photo"
    refused = designer.post(_url(form, "pages/photo/"), {"title": "  "})
    assert refused.status_code == 400 and "must be a non-empty string" in refused.content.decode()
    empty = designer.post(_url(form, "add-page/"), {"title": "Empty", "label": "", "widget": "text"})
    assert empty.status_code == 400 and "Enter the question" in empty.content.decode()
    assert 'value="Empty"' in empty.content.decode()
    assert designer.post(_url(form, "pages/photo/remove/")).status_code == 302
    form.refresh_from_db()
    assert [p["id"] for p in form.ui_schema["pages"]] == ["where"] and "a_photo_of_it" not in form.schema["properties"]


def test_customer_mapping(designer, demo):
    form = _blank(demo)
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "Your email", "widget": "email"})
    response = designer.post(_url(form, "customer/"), {"customer_email": "your_email", "customer_name": ""})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["customer"] == {"email": "your_email"}
    assert "resident’s email address" in designer.get(_url(form)).content.decode()


def test_welsh_wording_side_by_side_for_a_welsh_council(client, demo):
    client.force_login(demo.user("hillford-designer"))
    form = _draft(demo, council="hillford")
    html = client.get(_url(form) + "?q=bin_type").content.decode()
    assert "Question in Welsh" in html and 'lang="cy"' in html and "Pa fin a fethwyd?" in html
    response = _panel_post(
        client, form, "bin_type", cy_label="Pa fin?", cy_hint="Edrychwch ar y caead", cy_error_required="Dewiswch fin"
    )
    assert response.status_code == 302
    form.refresh_from_db()
    words = form.ui_schema["translations"]["cy"]["fields"]["bin_type"]
    assert words["label"] == "Pa fin?" and words["hint"] == "Edrychwch ar y caead"
    assert words["errors"]["required"] == "Dewiswch fin"
    assert client.post(_url(form, "pages/bin/"), {"title": "About the bin", "cy_title": "Am y bin"}).status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["translations"]["cy"]["pages"]["bin"] == "Am y bin"
    assert "Rhoi gwybod am gasgliad bin a fethwyd" in client.get(_url(form)).content.decode()
    assert client.post(_url(form, "welsh-title/"), {"cy_form_title": "Bin a fethwyd"}).status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["translations"]["cy"]["title"] == "Bin a fethwyd"


def test_english_only_council_has_no_welsh_inputs(designer, demo):
    form = _draft(demo)
    assert "Question in Welsh" not in designer.get(_url(form) + "?q=bin_type").content.decode()


def test_options_from_a_lookup_list_of_the_council(designer, demo):
    form = _blank(demo)
    designer.post(_url(form, "add-question/"), {"page": "where", "label": "Which shop", "widget": "select"})
    shops = LookupList.objects.create(council=demo.council("riverside"), slug="shops", name="Shops")
    LookupRow.objects.create(lookup_list=shops, key="aldi", value="Aldi")
    LookupRow.objects.create(lookup_list=shops, key="tesco", value="Tesco")
    theirs = LookupList.objects.create(council=demo.council("hillford"), slug="shops", name="Hillford shops")
    html = designer.get(_url(form) + "?q=which_shop").content.decode()
    assert "Shops" in html and "Hillford shops" not in html
    form.refresh_from_db()
    before = form.schema
    for forged in (str(theirs.pk), "not-a-list"):
        refused = _panel_post(designer, form, "which_shop", label="Which shop?", lookup_list=forged)
        html = unescape(refused.content.decode())
        assert refused.status_code == 400, forged
        assert "that lookup list is not one of this council's lists" in html
        assert 'href="#q-which_shop-options"' in html  # the summary links to the options
        assert 'value="Which shop?"' in html  # the typed label stays
        form.refresh_from_db()
        assert form.schema == before  # nothing of the panel saved
    assert _panel_post(designer, form, "which_shop", lookup_list=str(shops.pk)).status_code == 302
    form.refresh_from_db()
    assert form.schema["properties"]["which_shop"]["oneOf"] == [
        {"const": "aldi", "title": "Aldi"},
        {"const": "tesco", "title": "Tesco"},
    ]


def test_published_version_is_read_only(designer, demo):
    form = FormDefinition.objects.get(council__slug="riverside", slug="missed-bin", status="published")
    html = designer.get(_url(form) + "?q=bin_type").content.decode()
    assert "cannot change" in html
    for words in ("Save question", "Add question", "Add page", "Save page title", "Remove", "<textarea"):
        assert words not in html
    response = designer.post(_url(form, "questions/bin_type/remove/"))
    assert response.status_code == 400 and "start a new draft" in response.content.decode()
    form.refresh_from_db()
    assert "bin_type" in form.schema["properties"]


def test_other_councils_forms_are_not_found(designer, demo):
    theirs = _draft(demo, council="hillford")
    assert designer.get(_url(theirs)).status_code == 404
    assert designer.post(_url(theirs, "questions/bin_type/remove/")).status_code == 404
    assert designer.get(_url(theirs, "preview/")).status_code == 404
    theirs.refresh_from_db()
    assert "bin_type" in theirs.schema["properties"]


def test_edits_need_post_and_csrf(demo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.user("riverside-designer"))
    form = _draft(demo)
    assert client.get(_url(form, "questions/bin_type/remove/")).status_code == 405
    assert client.post(_url(form, "questions/bin_type/remove/")).status_code == 403


def test_place_a_question_anywhere_as_a_drop_does(designer, demo):
    form = _draft(demo)
    response = designer.post(_url(form, "questions/email/place/"), {"page": "bin", "index": "0"})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["pages"][0]["fields"][0] == "email"
    assert form.ui_schema["pages"][2]["fields"] == ["your_name"]
    emptied = designer.post(_url(form, "questions/your_name/place/"), {"page": "bin", "index": "9"})
    assert emptied.status_code == 400 and "must list at least one field" in emptied.content.decode()
    form.refresh_from_db()
    assert form.ui_schema["pages"][2]["fields"] == ["your_name"]
