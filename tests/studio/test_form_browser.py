"""A designer builds a three-question form in Chromium without JSON, previews it, meets the required error;
axe finds nothing on the builder, its error state and the preview. The same building path works without JavaScript."""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()


def _signed_in(chromium, live_server, user, *, javascript: bool):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    context.set_default_timeout(10000)
    return context.new_page()


def _axe_clean(page, what: str) -> None:
    page.wait_for_load_state("load")
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_designer_builds_trolley_form_previews_and_sees_required_error(demo, live_server, chromium, javascript):
    form = FormDefinition.objects.create(  # what the service start page leaves: a form with one blank question
        council=demo.council("riverside"),
        slug="trolley",
        name="Report an abandoned shopping trolley",
        schema={"type": "object", "properties": {"question_1": {"type": "string", "title": "Question 1"}}},
        ui_schema={"pages": [{"id": "trolley", "title": "About the trolley", "fields": ["question_1"]}]},
    )
    page = _signed_in(chromium, live_server, demo.user("riverside-designer"), javascript=javascript)
    check = (lambda what: _axe_clean(page, what)) if javascript else (lambda what: None)

    page.goto(f"{live_server.url}/admin/studio/")
    page.get_by_role("link", name=re.compile("Report an abandoned shopping trolley")).click()
    page.wait_for_url(f"**/admin/studio/forms/{form.pk}/")
    check("builder")

    page.get_by_role("link", name="Edit Question 1").click()
    page.locator(".sf-panel").get_by_label("Question", exact=True).fill("Where is the trolley?")
    page.get_by_label("The resident must answer this").check()
    page.get_by_label("When it is not answered").fill("Tell us where the trolley is")
    page.get_by_role("button", name="Save question").click()
    page.wait_for_load_state("load")

    add = page.locator("#add-trolley")
    add.get_by_label("New question").fill("A photo of the trolley")
    add.get_by_label("Kind of answer").select_option("file")
    add.get_by_role("button", name="Add question").click()
    page.wait_for_load_state("load")
    page.get_by_label("File types allowed (comma separated, like image/jpeg, image/png)").fill("image/jpeg, image/png")
    page.get_by_label("Largest file, in MB").fill("500")  # above the language's limit: refused in place
    page.get_by_role("button", name="Save question").click()
    page.wait_for_load_state("load")
    summary = page.locator(".studio-error-summary")
    assert "must be at most 50" in summary.inner_text()
    assert page.get_by_label("Largest file, in MB").input_value() == "500"  # nothing typed is lost
    check("builder error state")
    page.get_by_label("Largest file, in MB").fill("10")
    page.get_by_role("button", name="Save question").click()
    page.wait_for_load_state("load")

    add = page.locator("#add-trolley")
    add.get_by_label("New question").fill("Is it in water?")
    add.get_by_label("Kind of answer").select_option("yesno")
    add.get_by_role("button", name="Add question").click()
    page.wait_for_load_state("load")
    page.get_by_label("The resident must answer this").check()
    page.get_by_role("button", name="Save question").click()
    page.wait_for_load_state("load")
    assert page.locator(".sf-question-label").all_inner_texts() == [
        "Where is the trolley?",
        "A photo of the trolley",
        "Is it in water?",
    ]

    form.refresh_from_db()
    form_definition_check(form.schema, form.ui_schema)
    assert form.schema["required"] == ["question_1", "is_it_in_water"]
    assert form.schema["properties"]["is_it_in_water"] == {"type": "boolean", "title": "Is it in water?"}
    assert form.ui_schema["fields"]["a_photo_of_the_trolley"] == {
        "widget": "file",
        "accept": ["image/jpeg", "image/png"],
        "max_size_mb": 10,
    }

    page.get_by_role("link", name="Preview as a resident").click()
    page.wait_for_url("**/preview/trolley/")
    check("preview page")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    assert "Tell us where the trolley is" in page.locator(".govuk-error-summary").inner_text()
    assert "Select yes or no" in page.locator(".govuk-error-summary").inner_text()  # GOV.UK: a yes/no question
    check("preview error state")
    page.get_by_label("Where is the trolley?").fill("Outside the station")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/preview/check/")
    assert "Outside the station" in page.locator("main").inner_text()
    check("preview check answers")


def test_drag_a_question_to_another_place(demo, live_server, chromium):
    from form_definitions.services import form_definition_new_draft

    published = FormDefinition.objects.get(council__slug="riverside", slug="missed-bin", status="published")
    form = form_definition_new_draft(published)
    page = _signed_in(chromium, live_server, demo.user("riverside-designer"), javascript=True)
    page.goto(f"{live_server.url}/admin/studio/forms/{form.pk}/")
    with page.expect_navigation():  # the drop's POST saved, then the page reloads (a refusal would not reload)
        page.locator("#q-bin_out_by_7am").drag_to(page.locator("#q-bin_type"), target_position={"x": 20, "y": 5})
    page.wait_for_function("document.querySelector('#p-bin .sf-question').id === 'q-bin_out_by_7am'")
    form.refresh_from_db()
    assert form.ui_schema["pages"][0]["fields"] == ["bin_out_by_7am", "bin_type", "collection_date"]


@pytest.mark.parametrize("width", [1280, 1024])
def test_axe_on_read_only_welsh_and_open_panel_pages(demo, live_server, chromium, width):
    """Every form page kind: a published (read-only) form, a Welsh council's draft with a choice question open,
    a file question open, and the Welsh preview."""
    from form_definitions.services import form_definition_new_draft

    published = FormDefinition.objects.get(council__slug="hillford", slug="fly-tipping", status="published")
    draft = form_definition_new_draft(published)
    page = _signed_in(chromium, live_server, demo.user("hillford-designer"), javascript=True)
    page.set_viewport_size({"width": width, "height": 900})
    for path, what in [
        (f"/admin/studio/forms/{published.pk}/", "published form (read-only)"),
        (f"/admin/studio/forms/{draft.pk}/?q=waste_types", "Welsh draft, checkboxes question open"),
        (f"/admin/studio/forms/{draft.pk}/?q=photo", "file question open"),
        (f"/admin/studio/forms/{draft.pk}/?q=description", "conditional question open"),
        (f"/admin/studio/forms/{draft.pk}/preview/where/?lang=cy", "Welsh preview"),
    ]:
        page.goto(live_server.url + path)
        _axe_clean(page, f"{what} at {width}px")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{what} scrolls sideways at {width}px"
    page.goto(f"{live_server.url}/admin/studio/forms/{published.pk}/")
    assert page.get_by_role("button", name=re.compile("Save")).count() == 0
