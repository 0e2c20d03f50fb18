"""Screenshots for docs/studio.md, taken from the real pages in Chromium.

`STUDIO_SCREENSHOTS=1 pytest tests/studio/test_service_screenshots.py` writes them into docs/img/studio/;
otherwise they go to a temporary folder, so the run still proves every page renders.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
DOCS_IMG = Path(django_settings.BASE_DIR) / "docs" / "img" / "studio"


def _reverse(name: str, *args: object) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def test_screenshots_of_the_studio_pages(demo, live_server, chromium, tmp_path):
    from playwright.sync_api import expect

    from form_definitions.services import form_definition_new_draft
    from workflows.services import workflow_definition_new_draft

    out = DOCS_IMG if os.environ.get("STUDIO_SCREENSHOTS") == "1" else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    service = demo.service("riverside", "missed-bin")
    draft = workflow_definition_new_draft(service.workflow)
    definition = copy.deepcopy(draft.definition)
    definition["steps"][0]["title"] = "Check with the crew and the driver"
    draft.definition = definition
    draft.save()

    client = Client()
    client.force_login(demo.user("riverside-designer"))
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    base = live_server.url

    def shot(path: str, name: str, *, full: bool = True) -> None:
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.screenshot(path=str(out / f"{name}.png"), full_page=full)

    shot("/admin/studio/", "index")
    shot("/admin/studio/services/start/", "service-start")
    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Start the service").click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(out / "service-start-errors.png"), full_page=True)
    shot(f"/admin/studio/services/{service.pk}/", "service-detail")
    versions = f"/admin/studio/services/definitions/workflow/{draft.pk}/versions/"
    shot(f"{versions}?a={service.workflow_id}&b={draft.pk}", "definition-compare")
    shot(f"/admin/studio/services/definitions/workflow/{draft.pk}/json/", "definition-json", full=False)
    editor = page.locator(".sv-editor .cm-content")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("End")
    page.keyboard.insert_text(" oops")
    expect(page.locator(".sv-json-status")).to_contain_text("Line 1")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state("load")
    page.screenshot(path=str(out / "definition-json-error.png"), full_page=False)
    form_draft = form_definition_new_draft(service.form)
    question = next(name for name, prop in form_draft.schema["properties"].items() if "oneOf" in prop)
    shots = (
        ("form-builder", _reverse("studio:form_edit", form_draft.pk), f"?q={question}"),
        ("form-preview", _reverse("studio:form_preview", form_draft.pk), ""),
        ("workflow-builder", _reverse("studio:workflow_edit", draft.pk), ""),
        ("workflow-dry-run", _reverse("studio:workflow_dry_run", draft.pk), ""),
        ("bpmn-import", _reverse("studio:workflow_bpmn_import"), ""),
    )
    for name, url, query in shots:
        if url:  # the other studio areas' pages, once merged
            shot(url + query, name)
        if url and name == "form-preview":  # Continue with nothing answered: the resident's error messages
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state("load")
            page.screenshot(path=str(out / "form-preview-errors.png"), full_page=True)
        if url and name == "workflow-dry-run":
            page.get_by_role("button", name="Run").click()
            page.wait_for_load_state("load")
            page.screenshot(path=str(out / "workflow-dry-run.png"), full_page=True)
    assert (out / "definition-json-error.png").stat().st_size > 10_000
