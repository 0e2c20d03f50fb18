"""The studio's BPMN import in real Chromium: a Modeler file chosen and uploaded opens the step builder; a file
with elements that have no equivalent shows the error summary; axe reports 0 violations at 1280 and 1024 wide."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()
FIXTURES = Path(__file__).parents[1] / "workflows" / "data" / "bpmn"


def _designer_page(chromium, live_server, demo, *, width: int):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def _axe_clean(page, what: str) -> None:
    page.wait_for_load_state("load")
    page.locator("#content h1").first.wait_for()
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], (
        f"{what}: scrolls sideways"
    )


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_designer_imports_a_modeler_file_from_the_studio(demo, live_server, chromium, width):
    from playwright.sync_api import expect

    form = FormDefinition.objects.filter(council=demo.council("riverside"), slug="pothole").order_by("-version")
    pothole = str(form.first().pk)
    page = _designer_page(chromium, live_server, demo, width=width)
    page.goto(f"{live_server.url}/admin/studio/")
    page.get_by_role("link", name="Import a BPMN file").click()
    expect(page.locator("h1")).to_have_text("Import a BPMN file")
    _axe_clean(page, f"import page at {width}")

    page.get_by_label("Form the workflow routes on").select_option(value=pothole)
    page.get_by_label("BPMN file").set_input_files(str(FIXTURES / "camunda-refusals.bpmn"))
    page.get_by_role("button", name="Import as a draft").click()
    summary = page.locator(".studio-error-summary")
    expect(summary).to_contain_text("Event_unknown_msg: the message")
    assert summary.locator("li").count() == 6
    _axe_clean(page, f"import page with errors at {width}")
    assert not WorkflowDefinition.objects.filter(name="What has no equivalent").exists()

    page.get_by_label("Form the workflow routes on").select_option(value=pothole)
    page.get_by_label("BPMN file").set_input_files(str(FIXTURES / "camunda-boundary-events.bpmn"))
    page.get_by_role("button", name="Import as a draft").click()
    draft = WorkflowDefinition.objects.get(name="Pothole inspection (boundary events)")
    expect(page).to_have_url(f"{live_server.url}/admin/studio/workflows/{draft.pk}/")
    expect(page.locator("body")).to_contain_text("Inspect the site")
