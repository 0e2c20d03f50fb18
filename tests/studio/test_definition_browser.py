"""Expert mode and the service pages in real Chromium: CodeMirror mounts over the textarea, a syntax error shows
its line and column as you type and after saving, and axe reports 0 violations on every page (errors included)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client

from workflows.models import WorkflowDefinition

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()
BUNDLE = Path(django_settings.BASE_DIR) / "platform" / "static" / "studio" / "dist" / "expert_json.js"


def _designer_page(chromium, live_server, demo, *, width: int = 1280):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.csp_violations.append(f"script error: {e}"))
    return page


def _axe_clean(page, what: str) -> None:
    page.wait_for_load_state("load")
    page.locator("#content h1").first.wait_for()
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], (
        f"{what}: scrolls sideways"
    )


def test_expert_mode_editor_reports_line_and_column_and_saves_through_the_checks(demo, live_server, chromium):
    from playwright.sync_api import expect

    from workflows.services import workflow_definition_new_draft

    assert BUNDLE.exists(), "the editor bundle is missing: run `npm run build:studio` (make install does)"
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    stored = json.loads(json.dumps(draft.definition))
    page = _designer_page(chromium, live_server, demo)
    page.goto(f"{live_server.url}/admin/studio/services/definitions/workflow/{draft.pk}/json/")
    editor = page.locator(".sv-editor .cm-content")
    expect(editor).to_be_visible()
    expect(page.locator("textarea#definition-json")).to_be_hidden()
    expect(page.locator(".sv-json-status")).to_have_text("The JSON is well formed.")
    _axe_clean(page, "expert mode")

    broken = '{\n  "title": "Missed bin",\n  "start": "check"\n  "steps": []\n}'
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(broken)
    expect(page.locator(".sv-json-status")).to_contain_text("Line 4, column 3")
    expect(page.locator(".cm-lint-marker-error").first).to_be_visible(timeout=5000)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".studio-error-summary")).to_contain_text("Line 4, column 3: Expecting ',' delimiter")
    expect(page.locator(".sv-editor .cm-content")).to_contain_text(
        '"start": "check"'
    )  # the text as typed, in the editor
    _axe_clean(page, "expert mode with a syntax error")
    assert WorkflowDefinition.objects.get(pk=draft.pk).definition == stored  # nothing saved

    # A problem the engine finds is marked on the text it names (its JSON path), not only listed above.
    nowhere = json.loads(json.dumps(stored))
    index = next(i for i, s in enumerate(nowhere["steps"]) if isinstance(s.get("next"), str))
    nowhere["steps"][index]["next"] = "nowhere"
    page.locator(".sv-editor .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(json.dumps(nowhere, indent=2))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".studio-error-summary")).to_contain_text(f"/steps/{index}/next")
    marked = page.locator(".cm-line", has=page.locator(".cm-lintRange-error")).first
    expect(marked).to_contain_text('"next": "nowhere"', timeout=5000)
    _axe_clean(page, "expert mode with a problem at a JSON path")

    fixed = json.loads(json.dumps(stored))
    fixed["title"] = "Missed bin collection (edited in JSON)"
    page.locator(".sv-editor .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(json.dumps(fixed, indent=2))
    expect(page.locator(".sv-json-status")).to_have_text("The JSON is well formed.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(f"Saved {draft.name} v{draft.version}.")
    assert WorkflowDefinition.objects.get(pk=draft.pk).definition == fixed
    assert page.csp_violations == []


def test_published_version_editor_is_read_only_without_save(demo, live_server, chromium):
    from playwright.sync_api import expect

    published = demo.service("riverside", "missed-bin").form
    page = _designer_page(chromium, live_server, demo, width=1024)
    page.goto(f"{live_server.url}/admin/studio/services/definitions/form/{published.pk}/json/")
    editor = page.locator(".sv-editor .cm-content")
    expect(editor).to_have_attribute("aria-readonly", "true")
    doc = "document.querySelector('form[data-sv-json-form]').svEditorView.state.doc.toString()"
    before = page.evaluate(doc)
    editor.click()
    page.keyboard.insert_text("typed into a published version")
    assert page.evaluate(doc) == before
    assert json.loads(before) == {"schema": published.schema, "ui_schema": published.ui_schema}
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)
    _axe_clean(page, "expert mode, published, 1024 wide")
    assert page.csp_violations == []


@pytest.mark.parametrize("width", [1280, 1024])
def test_service_pages_are_axe_clean(demo, live_server, chromium, width):
    from playwright.sync_api import expect

    service = demo.service("riverside", "missed-bin")
    page = _designer_page(chromium, live_server, demo, width=width)
    base = live_server.url
    page.goto(f"{base}/admin/studio/")
    _axe_clean(page, "studio index")
    page.goto(f"{base}/admin/studio/services/start/")
    _axe_clean(page, "start a service")
    page.get_by_label("Name").fill("")
    page.get_by_label("Team that handles the cases").select_option(index=0)
    page.get_by_role("button", name="Start the service").click()
    expect(page.locator(".studio-error-summary")).to_be_visible()
    _axe_clean(page, "start a service with errors")
    page.goto(f"{base}/admin/studio/services/{service.pk}/")
    _axe_clean(page, "service page")
    for kind, row in (("form", service.form), ("workflow", service.workflow)):
        page.goto(f"{base}/admin/studio/services/definitions/{kind}/{row.pk}/versions/?a={row.pk}&b={row.pk}")
        _axe_clean(page, f"{kind} versions and compare")
    assert page.csp_violations == []


def test_start_a_service_with_the_keyboard_only(demo, live_server, chromium):
    from playwright.sync_api import expect

    page = _designer_page(chromium, live_server, demo)
    page.goto(f"{live_server.url}/admin/studio/services/start/")
    page.get_by_label("Name").focus()
    page.keyboard.type("Report an abandoned shopping trolley")
    page.keyboard.press("Tab")
    page.keyboard.type("Streets")
    page.get_by_label("Team that handles the cases").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Start the service").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Started “Report an abandoned shopping trolley”")


def test_editor_completes_keys_from_the_language_schema(demo, live_server, chromium):
    from playwright.sync_api import expect

    from workflows.services import workflow_definition_new_draft

    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    page = _designer_page(chromium, live_server, demo)
    page.goto(f"{live_server.url}/admin/studio/services/definitions/workflow/{draft.pk}/json/")
    page.locator(".sv-editor .cm-line").first.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type('"desc')
    page.keyboard.press("Control+Space")
    expect(page.locator(".cm-tooltip-autocomplete")).to_contain_text("description", timeout=5000)
    assert page.csp_violations == []
