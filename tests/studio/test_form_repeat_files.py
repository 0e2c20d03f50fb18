"""Repeatable groups and several files in the form builder (each edit a POST through the save-time checks, problems
at the control, nothing saved on a refusal) and in the preview (add another / remove, upload another / remove),
which stores no file anywhere."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from admin_ext.studio.form_initial import question_initial
from admin_ext.studio.form_model import form_structure_from_json
from casework.models import Case
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from portal.models import StagedUpload
from repeat_groups import extra_bins_group

pytestmark = pytest.mark.django_db
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

GROUP_SCHEMA = {
    "type": "object",
    "required": ["extra_bins"],
    "properties": {
        "extra_bins": extra_bins_group(),
        "photos": {"type": "array", "title": "Photos of the bins", "maxItems": 2, "items": {"type": "object"}},
    },
}
GROUP_UI = {
    "pages": [
        {"id": "bins", "title": "Bins", "fields": ["extra_bins"]},
        {"id": "photos", "title": "Photos", "fields": ["photos"]},
    ],
    "fields": {
        "extra_bins": {"widget": "repeat", "item_label": "Bin", "item_fields": {"kind": {"widget": "radios"}}},
        "photos": {"widget": "files", "accept": ["image/png"], "max_size_mb": 5},
    },
}


@pytest.fixture
def designer(client, demo):
    client.force_login(demo.user("riverside-designer"))
    return client


def _form(demo, schema: dict | None = None, ui_schema: dict | None = None) -> FormDefinition:
    return FormDefinition.objects.create(
        council=demo.council("riverside"),
        slug="extra-bins",
        name="Extra bins",
        schema=schema or GROUP_SCHEMA,
        ui_schema=ui_schema or GROUP_UI,
    )


def _url(form: FormDefinition, tail: str = "") -> str:
    return f"/admin/studio/forms/{form.pk}/{tail}"


def _panel_post(designer, form: FormDefinition, name: str, **changes: str | None):
    """Post a question's panel as the page shows it, with these inputs changed (None: not posted)."""
    form.refresh_from_db()
    question = form_structure_from_json(form.schema, form.ui_schema).questions[name]
    values = {k: v for k, v in question_initial(question).items() if v != "" or k in changes}
    values.update({k.replace("__", "-"): v for k, v in changes.items()})
    return designer.post(_url(form, f"questions/{name}/"), {k: v for k, v in values.items() if v is not None})


def test_new_repeatable_group_gets_count_item_label_and_item_questions(designer, demo):
    form = _form(demo)
    added = designer.post(_url(form, "add-question/"), {"page": "bins", "label": "Other bins", "widget": "repeat"})
    assert added.status_code == 302
    form.refresh_from_db()
    assert form.schema["properties"]["other_bins"]["maxItems"] == 5  # a group needs a most; the builder gives one
    panel = designer.get(added["Location"]).content.decode()
    assert 'name="item_label"' in panel and 'name="item-details-label"' in panel and 'name="item_new-label"' in panel
    saved = _panel_post(
        designer,
        form,
        "other_bins",
        minItems="1",
        maxItems="4",
        item_label="Box",
        error_maxItems="You can add up to 4 boxes",
        **{
            "item-details-label": "What was in it",
            "item-details-required": "on",
            "item_new-label": "Colour of lid",
            "item_new-widget": "radios",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    form.refresh_from_db()
    prop = form.schema["properties"]["other_bins"]
    assert (prop["minItems"], prop["maxItems"]) == (1, 4)
    assert prop["items"]["properties"]["details"]["title"] == "What was in it"
    assert prop["items"]["required"] == ["details"]
    lid = prop["items"]["properties"]["colour_of_lid"]
    assert lid["title"] == "Colour of lid" and [o["const"] for o in lid["oneOf"]] == ["option_1", "option_2"]
    ui = form.ui_schema["fields"]["other_bins"]
    assert ui["item_label"] == "Box" and ui["errors"] == {"maxItems": "You can add up to 4 boxes"}
    form_definition_check(form.schema, form.ui_schema)

    options = _panel_post(
        designer, form, "other_bins", **{"item-colour_of_lid-options": "black | Black\ngreen | Green"}
    )
    assert options.status_code == 302
    removed = _panel_post(designer, form, "other_bins", **{"item-details-remove": "on"})
    assert removed.status_code == 302
    form.refresh_from_db()
    items = form.schema["properties"]["other_bins"]["items"]
    assert list(items["properties"]) == ["colour_of_lid"] and items["required"] == []
    assert [o["const"] for o in items["properties"]["colour_of_lid"]["oneOf"]] == ["black", "green"]
    as_choice = _panel_post(designer, form, "other_bins", **{"item_new-label": "Size", "item_new-widget": "text"})
    assert as_choice.status_code == 302
    # A text item question made a choice gets two options to edit next, as a new choice question does.
    assert _panel_post(designer, form, "other_bins", **{"item-size-widget": "select"}).status_code == 302
    form.refresh_from_db()
    size = form.schema["properties"]["other_bins"]["items"]["properties"]["size"]
    assert [o["const"] for o in size["oneOf"]] == ["option_1", "option_2"]


def test_group_refusals_are_shown_at_their_control_and_nothing_is_saved(designer, demo):
    form = _form(demo)
    stored = (form.schema, form.ui_schema)
    too_many = _panel_post(designer, form, "extra_bins", maxItems="60", item_label="Caddy")
    assert too_many.status_code == 400
    html = too_many.content.decode()
    assert 'href="#q-extra_bins-maxItems"' in html and "maxItems of at most 50" in html
    assert 'id="q-extra_bins-maxItems-error"' in html and 'value="Caddy"' in html  # typed values kept
    no_label = _panel_post(designer, form, "extra_bins", **{"item-left_at-label": "", "item-kind-maxLength": None})
    assert no_label.status_code == 400
    html = no_label.content.decode()
    assert 'href="#q-extra_bins-item-left_at-label"' in html and 'id="q-extra_bins-item-left_at-label-error"' in html
    bad_kind = _panel_post(designer, form, "extra_bins", **{"item-kind-widget": "file"})
    assert bad_kind.status_code == 400 and 'href="#q-extra_bins-item-kind-widget"' in bad_kind.content.decode()
    not_a_number = _panel_post(designer, form, "extra_bins", **{"item-left_at-maxLength": "lots"})
    assert not_a_number.status_code == 400
    assert "Most characters must be a whole number" in not_a_number.content.decode()
    none_left = _panel_post(designer, form, "extra_bins", **{"item-kind-remove": "on", "item-left_at-remove": "on"})
    assert none_left.status_code == 400 and "at least one question for each item" in none_left.content.decode()
    form.refresh_from_db()
    assert (form.schema, form.ui_schema) == stored


def test_several_files_count_types_and_size(designer, demo):
    form = _form(demo)
    added = designer.post(_url(form, "add-question/"), {"page": "photos", "label": "Receipts", "widget": "files"})
    assert added.status_code == 302
    panel = designer.get(added["Location"]).content.decode()
    assert "Most files (1 to 20)" in panel and 'name="accept"' in panel and "(each file)" in panel
    refused = _panel_post(designer, form, "receipts", maxItems="25", accept="pdf", max_size_mb="big")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Largest file size must be a number of megabytes" in html
    form.refresh_from_db()
    assert form.schema["properties"]["receipts"]["maxItems"] == 3
    refused = _panel_post(designer, form, "receipts", maxItems="25", accept="pdf")
    html = refused.content.decode()
    assert refused.status_code == 400
    assert 'href="#q-receipts-maxItems"' in html and 'href="#q-receipts-accept"' in html
    saved = _panel_post(
        designer, form, "receipts", minItems="1", maxItems="4", accept="application/pdf, image/*", max_size_mb="2"
    )
    assert saved.status_code == 302
    form.refresh_from_db()
    prop, ui = form.schema["properties"]["receipts"], form.ui_schema["fields"]["receipts"]
    assert (prop["minItems"], prop["maxItems"], prop["items"]) == (1, 4, {"type": "object"})
    assert ui["accept"] == ["application/pdf", "image/*"] and ui["max_size_mb"] == 2


def test_published_group_is_read_only(designer, demo):
    form = _form(demo)
    FormDefinition.objects.filter(pk=form.pk).update(status="published")
    page = designer.get(_url(form) + "?q=extra_bins").content.decode()
    assert "Which other bins were missed?" in page and 'name="item_label"' not in page


def test_preview_adds_and_removes_items_as_the_portal_does(designer, demo):
    form = _form(demo)
    url = _url(form, "preview/bins/")
    first = designer.get(url).content.decode()
    assert "Bin 1" in first and "Add another bin" in first and 'name="extra_bins-0-kind"' in first
    two = designer.post(url, {"extra_bins-count": "1", "extra_bins-0-kind": "food", "repeat_add": "extra_bins"})
    html = two.content.decode()
    assert two.status_code == 200 and "Bin 2" in html and 'name="extra_bins-1-kind"' in html
    assert "govuk-error-summary" not in html  # adding an item checks nothing yet
    three = designer.post(
        url,
        {
            "extra_bins-count": "2",
            "extra_bins-0-kind": "food",
            "extra_bins-1-kind": "glass",
            "repeat_add": "extra_bins",
        },
    ).content.decode()
    assert "Bin 3" in three and "Add another bin" not in three  # maxItems 3
    empty = designer.post(url, {"extra_bins-count": "3", "extra_bins-0-kind": "food", "extra_bins-1-kind": "glass"})
    assert empty.status_code == 400 and "for bin 3" in empty.content.decode()
    one_less = designer.post(
        url,
        {
            "extra_bins-count": "3",
            "extra_bins-0-kind": "food",
            "extra_bins-1-kind": "glass",
            "repeat_remove": "extra_bins-2",
        },
    ).content.decode()
    assert "Bin 3" not in one_less and "Bin 2" in one_less
    done = designer.post(url, {"extra_bins-count": "2", "extra_bins-0-kind": "food", "extra_bins-1-kind": "glass"})
    assert done.status_code == 302 and done["Location"].endswith("/preview/photos/")


def test_preview_uploads_another_file_and_removes_one_without_storing_any(designer, demo, settings, tmp_path):
    media, temp = tmp_path / "media", tmp_path / "tmp"
    media.mkdir(), temp.mkdir()
    settings.MEDIA_ROOT, settings.FILE_UPLOAD_TEMP_DIR = media, temp
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the big photo goes through a temporary file on disk
    form = _form(demo)
    designer.post(_url(form, "preview/bins/"), {"extra_bins-count": "1", "extra_bins-0-kind": "food"})
    url = _url(form, "preview/photos/")
    big = PNG + b"\0" * 4096
    first = designer.post(url, {"photos": SimpleUploadedFile("one.png", big, "image/png"), "files_add": "photos"})
    html = first.content.decode()
    assert first.status_code == 200 and "1 file uploaded" in html and "one.png" in html
    assert "Upload another file" in html
    wrong = designer.post(url, {"photos": SimpleUploadedFile("n.txt", b"hello", "text/plain"), "files_add": "photos"})
    assert wrong.status_code == 400 and "n.txt:" in wrong.content.decode()
    assert "1 file uploaded" in wrong.content.decode()  # the refused file is not added
    second = designer.post(url, {"photos": SimpleUploadedFile("two.png", PNG, "image/png"), "files_add": "photos"})
    html = second.content.decode()
    assert "2 files uploaded" in html and "You have uploaded the most files allowed (2)" in html
    third = designer.post(url, {"photos": SimpleUploadedFile("three.png", PNG, "image/png"), "files_add": "photos"})
    assert "You can upload up to 2 files" in third.content.decode()
    removed = designer.post(url, {"files_remove": "photos-0"}).content.decode()
    assert "1 file uploaded" in removed and "one.png" not in removed and "two.png" in removed
    assert designer.post(url, {})["Location"].endswith("/preview/check/")
    check = designer.get(_url(form, "preview/check/")).content.decode()
    assert "two.png" in check
    assert StagedUpload.objects.count() == 0 and Case.objects.count() == 0
    assert list(media.rglob("*")) == [] and list(temp.rglob("*")) == []
    assert not list(Path(tempfile.gettempdir()).glob("*.upload"))


def test_condition_on_any_items_answer(designer, demo):
    form = _form(demo)
    added = designer.post(
        _url(form, "add-question/"), {"page": "bins", "label": "How was it broken?", "widget": "text"}
    )
    assert added.status_code == 302
    panel = designer.get(added["Location"]).content.decode()
    assert 'value="extra_bins:kind"' in panel and "any item’s “Type of bin”" in panel
    saved = _panel_post(designer, form, "how_was_it_broken", show_if_field="extra_bins:kind", show_if_value="Glass box")
    assert saved.status_code == 302
    form.refresh_from_db()
    assert form.ui_schema["fields"]["how_was_it_broken"]["show_if"] == {
        "field": "extra_bins",
        "item": "kind",
        "equals": "glass",
    }
    page = designer.get(_url(form)).content.decode()
    assert "Shown when “Which other bins were missed?: any item’s Type of bin” is Glass box" in page
