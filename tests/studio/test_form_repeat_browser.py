"""In Chromium, with and without JavaScript: a designer builds a repeatable group and a several-files question in
the form builder, meets a refusal at its control, then previews both (add another / remove, upload another /
remove). axe finds nothing at 1280 and 1024 px on the open panels, the error state and the preview pages."""

from __future__ import annotations

import base64
import os
import re

import pytest
from django.test import Client

from axe_pages import axe_check
from form_definitions.fields import item_order
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from portal.models import StagedUpload

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _signed_in(chromium, live_server, user, *, javascript: bool):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    context.set_default_timeout(10000)
    return context.new_page()


def _at_both_widths(chromium, page, what: str, *, javascript: bool, studio: bool = True) -> None:
    """axe and no sideways scroll at both widths. A studio page is axe-checked with JavaScript only: without it the
    Django admin's own theme toggle (outside the studio) is a button with no text."""
    for width in (1280, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        if javascript or not studio:
            axe_check(chromium, page, javascript=javascript, what=f"{what} at {width}px")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{what} scrolls sideways at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_designer_builds_and_previews_a_group_and_several_files(
    demo, live_server, chromium, tmp_path, settings, javascript
):
    settings.MEDIA_ROOT = tmp_path
    form = FormDefinition.objects.create(
        council=demo.council("riverside"),
        slug="bulky",
        name="Bulky waste collection",
        schema={"type": "object", "properties": {"address": {"type": "string", "title": "Your address"}}},
        ui_schema={"pages": [{"id": "items", "title": "Your items", "fields": ["address"]}]},
    )
    page = _signed_in(chromium, live_server, demo.user("riverside-designer"), javascript=javascript)
    page.goto(f"{live_server.url}/admin/studio/forms/{form.pk}/")

    add = page.locator("#add-items")
    add.get_by_label("New question").fill("What should we collect?")
    add.get_by_label("Kind of answer").select_option("repeat")
    add.get_by_role("button", name="Add question").click()
    page.wait_for_load_state("load")
    panel = page.locator(".sf-panel")
    panel.get_by_label("What one item is called").fill("Item")
    panel.get_by_label("Most items (at most 50)").fill("60")  # above the language's limit: refused in place
    panel.locator("#q-what_should_we_collect-item-details-label").fill("What is it?")
    panel.get_by_label("New item question (leave empty to add none)").fill("Is it heavy?")
    panel.locator("#q-what_should_we_collect-item_new-widget").select_option("yesno")
    _submit(page, "Save question")
    summary = page.locator(".studio-error-summary")
    assert "maxItems of at most 50" in summary.inner_text()
    assert page.get_by_label("Most items (at most 50)").input_value() == "60"  # nothing typed is lost
    assert page.locator("#q-what_should_we_collect-item-details-label").input_value() == "What is it?"
    assert page.locator("#q-what_should_we_collect-maxItems-error").is_visible()
    _at_both_widths(chromium, page, "group panel, error state", javascript=javascript)
    summary.get_by_role("link").first.click()
    page.get_by_label("Most items (at most 50)").fill("2")
    page.locator("#q-what_should_we_collect-item-details-required").check()
    _submit(page, "Save question")
    assert page.locator(".studio-error-summary").count() == 0

    add = page.locator("#add-items")
    add.get_by_label("New question").fill("Photos of the items")
    add.get_by_label("Kind of answer").select_option("files")
    add.get_by_role("button", name="Add question").click()
    page.wait_for_load_state("load")
    page.get_by_label("Most files (1 to 20)").fill("2")
    page.get_by_label("File types allowed (comma separated, like image/jpeg, image/png)").fill("image/png")
    _at_both_widths(chromium, page, "several files panel", javascript=javascript)
    _submit(page, "Save question")

    form.refresh_from_db()
    form_definition_check(form.schema, form.ui_schema)
    group = form.schema["properties"]["what_should_we_collect"]
    assert group["maxItems"] == 2 and group["items"]["required"] == ["details"]
    assert group["items"]["properties"]["is_it_heavy"] == {"type": "boolean", "title": "Is it heavy?"}
    assert form.ui_schema["fields"]["photos_of_the_items"] == {"widget": "files", "accept": ["image/png"]}

    page.get_by_role("link", name="Preview as a resident").click()
    page.wait_for_url("**/preview/items/")
    page.get_by_label("Your address").fill("1 High Street")
    page.get_by_label("What is it?").fill("Sofa")
    _submit(page, "Add another item")
    assert page.get_by_role("heading", name="Item 2").is_visible()
    assert page.get_by_role("button", name="Add another item").count() == 0  # maxItems 2
    _submit(page, "Continue")
    assert "for item 2" in page.locator(".govuk-error-summary").inner_text()
    _at_both_widths(chromium, page, "preview, group error state", javascript=javascript, studio=False)
    page.get_by_role("button", name=re.compile("Remove.*item 2")).click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", name="Item 2").count() == 0

    photos = tmp_path / "photo.png"
    photos.write_bytes(PNG)
    page.locator('input[type="file"]').set_input_files(str(photos))
    _submit(page, "Upload file")
    assert "1 file uploaded" in page.locator("main").inner_text()
    page.locator('input[type="file"]').set_input_files(str(photos))
    _submit(page, "Upload another file")
    assert "2 files uploaded" in page.locator("main").inner_text()
    _at_both_widths(chromium, page, "preview, files uploaded", javascript=javascript, studio=False)
    page.get_by_role("button", name=re.compile("Remove photo.png")).first.click()
    page.wait_for_load_state("load")
    assert "1 file uploaded" in page.locator("main").inner_text()
    _submit(page, "Continue")
    page.wait_for_url("**/preview/check/")
    main = page.locator("main").inner_text()
    assert "Sofa" in main and "photo.png" in main
    assert StagedUpload.objects.count() == 0 and [p for p in tmp_path.rglob("*") if p != photos] == []


def _three_item_group(demo) -> FormDefinition:
    """A Welsh council's draft whose group asks three item questions: kind, left_at, count."""
    schema = {
        "type": "object",
        "properties": {
            "extra_bins": {
                "type": "array",
                "title": "Which other bins were missed?",
                "maxItems": 3,
                "items": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                        "kind": {
                            "type": "string",
                            "title": "Type of bin",
                            "oneOf": [{"const": "food", "title": "Food caddy"}, {"const": "glass", "title": "Glass"}],
                        },
                        "left_at": {"type": "string", "title": "Where it was left"},
                        "count": {"type": "integer", "title": "How many"},
                    },
                },
            }
        },
    }
    ui = {
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
    form_definition_check(schema, ui)
    return FormDefinition.objects.create(
        council=demo.council("hillford"), slug="extra-bins", name="Extra bins", schema=schema, ui_schema=ui
    )


def _item_order(form: FormDefinition) -> list[str]:
    """As the portal asks them: `item_order`, then schema order (PostgreSQL's jsonb keeps no key order)."""
    form.refresh_from_db()
    group = form.schema["properties"]["extra_bins"]["items"]["properties"]
    return item_order(form.ui_schema["fields"]["extra_bins"], group)


def test_drag_an_item_question_saves_the_new_order_and_the_typed_welsh(demo, live_server, chromium):
    form = _three_item_group(demo)
    page = _signed_in(chromium, live_server, demo.user("hillford-designer"), javascript=True)
    page.goto(f"{live_server.url}/admin/studio/forms/{form.pk}/?q=extra_bins")
    page.locator("#q-extra_bins-item-kind-cy_label").fill("Math o fin")  # typed, not yet saved
    _at_both_widths(chromium, page, "Welsh group panel with item Welsh and drag handles", javascript=True)
    page.set_viewport_size({"width": 1280, "height": 2400})  # both rows on screen: the drag needs no scrolling
    handle = page.locator("#q-extra_bins-item-count .sf-drag-handle")
    with page.expect_navigation():  # the drop submits the panel; a drop the page ignored would not navigate
        handle.drag_to(page.locator("#q-extra_bins-item-kind"), target_position={"x": 40, "y": 5})
    page.wait_for_load_state("load")
    assert _item_order(form) == ["count", "kind", "left_at"]
    welsh = form.ui_schema["translations"]["cy"]["fields"]["extra_bins"]["items"]
    assert welsh == {"kind": {"label": "Math o fin"}}
    rows = page.locator("ol[data-sf-items] > li").evaluate_all("rows => rows.map(r => r.dataset.item)")
    assert rows == ["count", "kind", "left_at"]  # the panel is open again, in the saved order

    # A question whose panel is open is not itself dragged: dragging inside its panel leaves the pages alone.
    assert page.locator("#q-extra_bins").get_attribute("draggable") is None


def test_move_buttons_reorder_item_questions_without_javascript(demo, live_server, chromium):
    form = _three_item_group(demo)
    page = _signed_in(chromium, live_server, demo.user("hillford-designer"), javascript=False)
    page.goto(f"{live_server.url}/admin/studio/forms/{form.pk}/?q=extra_bins")
    assert page.locator(".sf-drag-handle").count() == 0  # no JavaScript: no handle, the buttons do it
    page.get_by_role("button", name=re.compile(r"^Move up\W+How many$")).click()
    page.wait_for_load_state("load")
    assert _item_order(form) == ["kind", "count", "left_at"]
    page.get_by_role("button", name=re.compile(r"^Move down\W+Type of bin$")).click()
    page.wait_for_load_state("load")
    assert _item_order(form) == ["count", "kind", "left_at"]
    _at_both_widths(chromium, page, "group panel after a move, no JavaScript", javascript=False)
    # Enter in a text input saves the panel; it never presses the first Move button.
    page.locator("#q-extra_bins-item-left_at-label").fill("Where we should look")
    page.locator("#q-extra_bins-item-left_at-label").press("Enter")
    page.wait_for_load_state("load")
    assert _item_order(form) == ["count", "kind", "left_at"]
    assert form.schema["properties"]["extra_bins"]["items"]["properties"]["left_at"]["title"] == "Where we should look"
