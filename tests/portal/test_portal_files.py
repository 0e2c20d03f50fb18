"""Several files in one question: a count limit, a size per file, allowed types sniffed per file, add another without JS."""

from __future__ import annotations

import copy
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

from axe_pages import axe_check
from casework.models import Attachment, Case
from councilflow.errors import DefinitionInvalid
from form_definitions.meta import form_definition_check
from form_definitions.services import form_definition_new_draft, form_definition_publish
from portal.models import StagedUpload

FLY = "/riverside/fly-tipping"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"\x00" * 100
)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
BIG_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + b"\x00" * (1024 * 1024)
)  # just over 1MB


@pytest.fixture
def photos_form(demo):
    """Fly-tipping with up to 3 photos of at most 1MB each, JPG or PNG, in one question."""
    service = demo.service("riverside", "fly-tipping")
    draft = form_definition_new_draft(service.form, user=demo.user("riverside-designer"))
    draft.schema["properties"]["photo"] = {
        "type": "array",
        "title": "Upload photos of the fly-tipping",
        "maxItems": 3,
        "items": {"type": "object"},
    }
    draft.ui_schema["fields"]["photo"] = {
        "widget": "files",
        "accept": ["image/jpeg", "image/png"],
        "max_size_mb": 1,
        "hint": "Up to 3 photos, each a JPG or PNG smaller than 1MB",
    }
    draft.save()
    form_definition_publish(draft, user=demo.user("riverside-designer"))
    return service


def _file(name: str, content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def _to_photo_page(client: Client) -> None:
    assert client.post(f"{FLY}/apply/where/", {"location": "Mill Lane"}).status_code == 302


def test_files_are_added_one_at_a_time_without_javascript_and_shown_as_one_answer(demo, photos_form):
    resident = Client()
    _to_photo_page(resident)
    page = resident.get(f"{FLY}/apply/photo/").content.decode()
    assert 'type="file" multiple' in page and "Upload file" in page

    first = resident.post(f"{FLY}/apply/photo/", {"photo": _file("sofa.png"), "files_add": "photo"})
    page = unescape(first.content.decode())
    assert first.status_code == 200 and "1 file uploaded" in page and "sofa.png" in page
    assert "Upload another file" in page

    two_more = resident.post(
        f"{FLY}/apply/photo/", {"photo": [_file("tyres.jpg", JPEG), _file("bags.png")], "files_add": "photo"}
    )
    page = unescape(two_more.content.decode())
    assert "3 files uploaded" in page and "You have uploaded the most files allowed (3)" in page
    assert StagedUpload.objects.count() == 3

    too_many = resident.post(f"{FLY}/apply/photo/", {"photo": _file("more.png")})
    assert too_many.status_code == 400 and "You can upload up to 3 files" in unescape(too_many.content.decode())
    assert StagedUpload.objects.count() == 3

    removed = resident.post(f"{FLY}/apply/photo/", {"files_remove": "photo-1"})
    page = unescape(removed.content.decode())
    assert "2 files uploaded" in page and "tyres.jpg" not in page and StagedUpload.objects.count() == 2

    assert resident.post(f"{FLY}/apply/photo/", {})["Location"].endswith("/you/")
    resident.post(f"{FLY}/apply/you/", {"your_name": "Ann", "email": "ann@example.com"})
    resident.post(f"{FLY}/apply/what/", {"waste_types": ["Furniture"], "size": "van"})
    resident.post(f"{FLY}/apply/land/", {"on_private_land": "false", "seen_dumping": "false"})
    check = unescape(resident.get(f"{FLY}/check-answers/").content.decode())
    assert "sofa.png, bags.png" in check  # one answer, every file named
    sent = resident.post(f"{FLY}/check-answers/", {"submission_token": "t"})
    assert sent.status_code == 302
    case = Case.objects.get()
    assert [f["name"] for f in case.answers["photo"]] == ["sofa.png", "bags.png"]
    assert sorted(Attachment.objects.filter(case=case).values_list("original_name", flat=True)) == [
        "bags.png",
        "sofa.png",
    ]
    assert StagedUpload.objects.count() == 0


def test_one_file_too_big_or_of_the_wrong_type_is_named_and_none_is_kept(demo, photos_form):
    resident = Client()
    _to_photo_page(resident)
    refused = resident.post(f"{FLY}/apply/photo/", {"photo": [_file("small.png"), _file("huge.png", BIG_PNG)]})
    page = unescape(refused.content.decode())
    assert refused.status_code == 400 and "huge.png: The selected file must be smaller than 1MB" in page
    assert StagedUpload.objects.count() == 0

    # A file whose bytes are not an image is refused whatever its name says.
    fake = resident.post(f"{FLY}/apply/photo/", {"photo": [_file("photo.png", b"MZ\x90\x00 not an image")]})
    assert "photo.png: The selected file must be a JPG or PNG" in unescape(fake.content.decode())
    assert StagedUpload.objects.count() == 0


def test_a_files_question_needs_its_count_limit():
    schema = {"type": "object", "properties": {"photos": {"type": "array", "items": {"type": "object"}}}}
    ui = {"fields": {"photos": {"widget": "files"}}}
    with pytest.raises(DefinitionInvalid) as caught:
        form_definition_check(schema, ui)
    assert [str(p) for p in caught.value.problems] == [
        "/schema/properties/photos/maxItems: several files in one question need maxItems from 1 to 20 "
        "(how many files at most)"
    ]
    fixed = copy.deepcopy(schema)
    fixed["properties"]["photos"]["maxItems"] = 5
    form_definition_check(fixed, ui)
    ui["fields"]["photos"]["widget"] = "file"
    with pytest.raises(DefinitionInvalid):
        form_definition_check(fixed, ui)  # one file needs an object, not a list


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_several_files_in_chromium_one_too_big(demo, photos_form, live_server, chromium, tmp_path, javascript):
    small, second, huge = tmp_path / "sofa.png", tmp_path / "bags.png", tmp_path / "huge.png"
    small.write_bytes(PNG)
    second.write_bytes(PNG)
    huge.write_bytes(BIG_PNG)
    context = chromium.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(f"{live_server.url}{FLY}/apply/where/")
    page.get_by_label("Where is the fly-tipping?").fill("Mill Lane")
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}{FLY}/apply/photo/")
    page.get_by_label("Upload photos of the fly-tipping").set_input_files([str(small), str(huge)])
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-error-summary__list li")).to_have_text(
        ["huge.png: The selected file must be smaller than 1MB"]
    )
    axe_check(chromium, page, javascript=javascript, what="several files, one too big")
    page.get_by_label("Upload photos of the fly-tipping").set_input_files([str(small)])
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator("main")).to_contain_text("1 file uploaded")
    page.get_by_label("Upload photos of the fly-tipping").set_input_files([str(second)])
    page.get_by_role("button", name="Upload another file").click()
    expect(page.locator("main")).to_contain_text("2 files uploaded")
    axe_check(chromium, page, javascript=javascript, what="two files uploaded")
    page.get_by_role("button", name="Remove sofa.png").click()
    expect(page.locator("main")).to_contain_text("1 file uploaded")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Your name")).to_be_visible()
    context.close()
