"""Issue 15's acceptance in Chromium across the whole library: every builder page of every demo service (an
editable draft of its workflow, its dry run, its form builder and preview, a draft whose stored steps have a
problem) reports 0 axe violations and does not scroll sideways at 1280 and 1024 px, the diagram beside the
steps at both; and a designer edits a step with the keyboard alone (Tab, Enter, typing: no clicks, no focus set
by the test), and edits and moves a question in the form builder the same way."""

from __future__ import annotations

import copy
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from casework.models import Service
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_new_draft

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()


def _designer_page(chromium, live_server, demo, *, width: int):
    client = Client()
    client.force_login(demo.user("riverside-designer"))
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(8000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def _axe_clean(page, what: str) -> None:
    page.wait_for_load_state("load")
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{what}: scrolls sideways at {width}"


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 1024])
def test_every_library_services_builder_pages_are_axe_clean(demo, live_server, chromium, width):
    page = _designer_page(chromium, live_server, demo, width=width)
    base = live_server.url
    services = list(Service.objects.filter(council__slug="riverside").select_related("form", "workflow"))
    assert len(services) >= 7
    for service in services:
        draft = workflow_definition_new_draft(service.workflow)
        for what, path in (
            ("workflow builder (draft)", f"/admin/studio/workflows/{draft.pk}/"),
            ("workflow builder (published)", f"/admin/studio/workflows/{service.workflow_id}/"),
            ("dry run", f"/admin/studio/workflows/{draft.pk}/dry-run/"),
            ("form builder", f"/admin/studio/forms/{service.form_id}/"),
            ("form preview", f"/admin/studio/forms/{service.form_id}/preview/"),
        ):
            assert page.goto(base + path).status == 200, path
            _axe_clean(page, f"{service.slug}: {what}")


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_draft_with_a_problem_step_is_axe_clean(demo, live_server, chromium, width):
    draft = workflow_definition_new_draft(demo.service("riverside", "premises-licence").workflow)
    definition = copy.deepcopy(draft.definition)
    task = next(i for i, step in enumerate(definition["steps"]) if step["type"] == "task")
    definition["steps"][task]["assign"] = {"team": "nobody"}  # a team since removed, say: the page must still show it
    WorkflowDefinition.objects.filter(pk=draft.pk).update(definition=definition)
    page = _designer_page(chromium, live_server, demo, width=width)
    page.goto(f"{live_server.url}/admin/studio/workflows/{draft.pk}/")
    expect(page.locator("#wf-page")).to_contain_text('no team "nobody" in this council')
    _axe_clean(page, "workflow builder with a problem step")
    # The diagram stays beside the steps (not under a long list of them) at both widths, its problem step marked.
    steps, side = page.locator(".wf-steps").bounding_box(), page.locator("aside.wf-side").bounding_box()
    assert side["x"] >= steps["x"] + steps["width"] and side["y"] < 900
    expect(page.locator("#wf-diagram g.problem")).to_have_count(1)


def _tab_to(page, describe: str, *, limit: int = 400) -> None:
    """Press Tab until the focused element matches `describe` (a JS predicate on `el`); fail if never."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({describe}); }})()"):
            return
    raise AssertionError(f"Tab never reached {describe}")


def test_a_designer_edits_a_step_with_the_keyboard_only(demo, live_server, chromium):
    draft = workflow_definition_new_draft(demo.service("riverside", "missed-bin").workflow)
    first = draft.definition["steps"][0]["id"]
    page = _designer_page(chromium, live_server, demo, width=1024)
    page.goto(f"{live_server.url}/admin/studio/workflows/{draft.pk}/")
    page.wait_for_load_state("load")
    _tab_to(page, f"el.tagName === 'A' && el.textContent.trim() === 'Edit step “{first}”'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "el.tagName === 'INPUT' && el.name === 'title'")
    page.keyboard.press("Control+A")
    page.keyboard.type("Check the bin with the crew")
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Save step'")
    page.keyboard.press("Enter")
    expect(page.locator("#wf-page")).to_contain_text("Check the bin with the crew")
    draft.refresh_from_db()
    assert draft.definition["steps"][0]["title"] == "Check the bin with the crew"


def test_a_designer_edits_and_moves_a_question_with_the_keyboard_only(demo, live_server, chromium):
    from form_definitions.services import form_definition_new_draft

    form = form_definition_new_draft(demo.service("riverside", "missed-bin").form)
    page = _designer_page(chromium, live_server, demo, width=1024)
    page.goto(f"{live_server.url}/admin/studio/forms/{form.pk}/")
    page.wait_for_load_state("load")
    _tab_to(page, "el.tagName === 'A' && el.getAttribute('href').startsWith('?q=bin_type')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "el.id === 'q-bin_type-label'")
    page.keyboard.press("Control+A")
    page.keyboard.type("Which bin did we miss?")
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Save question'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#content")).to_contain_text("Which bin did we miss?")
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('move Which bin did we miss? down')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    form.refresh_from_db()
    assert form.schema["properties"]["bin_type"]["title"] == "Which bin did we miss?"
    assert form.ui_schema["pages"][0]["fields"][:2] == ["collection_date", "bin_type"]
