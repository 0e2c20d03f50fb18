"""A designer builds the abandoned-trolley routing in Chromium without touching JSON, fixes the problem the
editor points at, dry runs both branches and publishes from the builder; cases then route down each branch.
axe reports nothing on the page, its error state, the dry run and the published page (1280 and 390 px)."""

from __future__ import annotations

import os
import re
from datetime import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from casework.models import CaseTask, Service
from casework.services.submission import case_submit
from casework.services.tasks import task_claim, task_complete
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_publish
from workflows.models import WorkflowDefinition
from workflows.working_days import duration_add

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()
TROLLEY_FORM = {
    "type": "object",
    "properties": {
        "where": {"type": "string", "title": "Where is it?"},
        "photo": {"type": "string", "title": "A photo (optional)"},
        "in_water": {"type": "boolean", "title": "Is it in water?"},
    },
    "required": ["where", "in_water"],
}


@pytest.fixture
def trolley(demo):
    """The service start (another page) has made an empty form and a one-step workflow draft."""
    council = demo.council("riverside")
    FormDefinition.objects.create(
        council=council, slug="abandoned-trolley", name="Abandoned trolley", schema=TROLLEY_FORM, ui_schema={}
    )
    return WorkflowDefinition.objects.create(
        council=council,
        slug="abandoned-trolley",
        name="Report an abandoned shopping trolley",
        form_slug="abandoned-trolley",
        definition={
            "title": "Abandoned trolley",
            "start": "resolved",
            "steps": [{"id": "resolved", "type": "end", "outcome": "resolved"}],
        },
    )


def _page(chromium, live_server, user, *, javascript=True):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(8000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def _axe_clean(page, what: str) -> None:
    page.wait_for_load_state("load")
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def _card(page, step_id: str):
    """The step's card with its form open: Edit (a link, or a button that saves the open step first) if need be."""
    card = page.locator(f"li.wf-step[data-step='{step_id}']")
    if card.locator("#wf-open-form").count() == 0:
        _submit(page, card.get_by_text(f"Edit step “{step_id}”", exact=True))
    expect(card.locator("#wf-open-form")).to_have_count(1)
    return card


def _add(page, kind: str, step_id: str, after: str = "") -> None:
    add = page.locator("#wf-add")
    add.get_by_label("Kind of step").select_option(kind)
    add.get_by_label("Step id").fill(step_id)
    add.get_by_label("Where").select_option(after)
    _submit(page, add.get_by_role("button", name="Add step"))
    expect(page.locator(f"li.wf-step[data-step='{step_id}'] #wf-open-form")).to_be_attached()  # opened to fill in


def _submit(page, button) -> None:
    """Click a builder button and wait until htmx has swapped the answer in."""
    page.evaluate(
        "() => { delete document.body.dataset.wfSettled;"
        "document.body.addEventListener('htmx:afterSettle', () => { document.body.dataset.wfSettled = '1'; }, {once: true}) }"
    )
    button.click()
    expect(page.locator("body")).to_have_attribute("data-wf-settled", "1")


def _save(card, page, expect_text: str) -> None:
    _submit(page, card.get_by_role("button", name="Save step"))
    expect(page.locator("#wf-page")).to_contain_text(expect_text)


def _task(page, step_id: str, *, title: str, days: str) -> None:
    card = _card(page, step_id)
    card.get_by_label("Title", exact=True).fill(title)
    card.get_by_label("Team or earlier task").select_option("waste")
    card.get_by_label("Due after", exact=True).fill(days)
    card.get_by_label("Due after: unit").select_option("working_days")
    _save(card, page, title)


def test_designer_builds_trolley_routing_without_json_fixes_a_problem_and_dry_runs_both_branches(
    demo, trolley, live_server, chromium
):
    page = _page(chromium, live_server, demo.user("riverside-designer"))
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    url = f"{live_server.url}/admin/studio/workflows/{trolley.pk}/"
    page.goto(url)
    expect(page.locator("h1")).to_contain_text("Report an abandoned shopping trolley")
    _axe_clean(page, "workflow page")

    _add(page, "notify", "tell_resolved")
    card = _card(page, "tell_resolved")
    card.get_by_label("Title", exact=True).fill("Tell the resident it is resolved")
    card.get_by_label("Subject", exact=True).fill("Your trolley report ((reference)) is resolved")
    _save(card, page, "Tell the resident it is resolved")
    _add(page, "task", "collect")
    _task(page, "collect", title="Collect the trolley", days="5")
    _add(page, "task", "collect_from_water", after="collect")
    _task(page, "collect_from_water", title="Get the trolley out of the water", days="1")
    _add(page, "decision", "in_water")

    # The branch gets its condition but no step to go to: the editor points at it and keeps the input.
    card = _card(page, "in_water")
    card.get_by_label("Title", exact=True).fill("Is it in water?")
    card.locator("select[name='branch-0-c0-var']").select_option("data.in_water")
    card.locator("select[name='branch-0-c0-op']").select_option("==")
    card.locator("input[name='branch-0-c0-value']").fill("yes")
    card.locator("select[name='branch-0-next']").select_option("")
    _submit(page, card.get_by_role("button", name="Save step"))
    summary = page.locator("[data-studio-error-summary]")
    expect(summary).to_contain_text("branch 1")
    expect(page.locator("#wf-page")).to_contain_text('"next" is required')
    card = _card(page, "in_water")
    expect(card.locator(".studio-field-error").first).to_contain_text("branch 1")
    expect(card.locator("input[name='branch-0-c0-value']")).to_have_value("yes")
    assert WorkflowDefinition.objects.get(pk=trolley.pk).definition["steps"][0]["branches"][0]["when"] is True
    _axe_clean(page, "workflow page with a problem")
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash").endswith("-branch-0-next")  # the control the problem is at
    expect(card.locator(".wf-field.studio-has-error select[name='branch-0-next']")).to_have_count(1)

    card.locator("select[name='branch-0-next']").select_option("collect_from_water")
    card.locator("select[name='otherwise']").select_option("collect")
    _save(card, page, "when “Is it in water?” is yes")
    expect(page.locator("[data-studio-error-summary]")).to_have_count(0)
    card = _card(page, "collect")
    card.get_by_label("Then go to").select_option("tell_resolved")
    _save(card, page, "Collect the trolley")

    saved = WorkflowDefinition.objects.get(pk=trolley.pk).definition
    steps = {s["id"]: s for s in saved["steps"]}
    assert saved["start"] == "in_water"
    assert steps["in_water"]["branches"] == [
        {"when": {"==": [{"var": "data.in_water"}, True]}, "next": "collect_from_water"}
    ]
    assert steps["in_water"]["otherwise"] == "collect"
    assert steps["collect_from_water"]["due"] == {"working_days": 1} and steps["collect"]["due"] == {"working_days": 5}
    assert steps["collect"]["assign"] == {"team": "waste"} and steps["collect"]["next"] == "tell_resolved"
    assert steps["tell_resolved"]["to"] == "resident" and steps["tell_resolved"]["next"] == "resolved"
    diagram = page.locator("#wf-diagram svg")
    expect(diagram).to_contain_text("Get the trolley out")
    expect(diagram).to_contain_text("Resolved")
    assert "“Is it in water?” is yes" in diagram.inner_html()

    page.get_by_role("link", name="Dry run").click()
    expect(page.locator("h1")).to_contain_text("Dry run")
    for answer, task, days in (("yes", "collect_from_water", 1), ("no", "collect", 5)):
        page.get_by_label("Is it in water?").select_option(answer)
        page.get_by_label("Submitted on").fill("2026-11-23")
        page.locator(f"select[name='outcome-{task}']").select_option("done")
        page.get_by_role("button", name="Run").click()
        result = page.locator("#dry-result")
        title = steps[task]["title"]
        expect(result).to_contain_text(title)
        expect(result).to_contain_text("the case ends: resolved")
        start = datetime(2026, 11, 23, 9, 0)
        due = duration_add(start, {"working_days": days}, region=trolley.council.holiday_region)
        expect(result.locator("tr", has_text=title)).to_contain_text(f"{due.day} {due:%b %Y}")
        _axe_clean(page, f"dry run ({answer})")

    # Publish from the builder itself, then cases route: in water to the 1-day task, otherwise the 5-day one.
    page.goto(url)
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator("body")).to_contain_text("new cases use it")
    expect(page.get_by_role("button", name="Save step")).to_have_count(0)  # published: read-only
    _axe_clean(page, "published workflow page")
    page.set_viewport_size({"width": 390, "height": 844})
    _axe_clean(page, "published workflow page at 390 px")
    form = FormDefinition.objects.get(council=trolley.council, slug="abandoned-trolley")
    form_definition_publish(form)
    service = Service.objects.create(
        council=trolley.council,
        slug="abandoned-trolley",
        name="Report an abandoned shopping trolley",
        form=form,
        workflow=WorkflowDefinition.objects.get(pk=trolley.pk),
        is_live=True,
    )
    wet = case_submit(service=service, answers={"where": "In the canal", "in_water": True})
    dry = case_submit(service=service, answers={"where": "Car park", "in_water": False})
    wet_task, dry_task = CaseTask.objects.get(case=wet), CaseTask.objects.get(case=dry)
    assert (wet_task.title, dry_task.title) == ("Get the trolley out of the water", "Collect the trolley")
    assert wet_task.due_at < dry_task.due_at
    officer = demo.user("riverside-waste")
    task_claim(officer, dry_task)
    task_complete(officer, dry_task, outcome="done")
    dry.refresh_from_db()
    assert dry.case_status == "resolved"
    assert csp == []


def test_without_javascript_a_designer_adds_a_step(demo, trolley, live_server, chromium):
    page = _page(chromium, live_server, demo.user("riverside-designer"), javascript=False)
    page.goto(f"{live_server.url}/admin/studio/workflows/{trolley.pk}/")
    add = page.locator("#wf-add")
    add.get_by_label("Kind of step").select_option("notify")
    add.get_by_label("Step id").fill("tell_resident")
    add.get_by_role("button", name="Add step").click()
    expect(page.locator(".wf-step-list")).to_contain_text("Tell resident")
    assert re.search(r"\?step=tell_resident#step-0$", page.url)  # the new step is open to fill in
    ids = [s["id"] for s in WorkflowDefinition.objects.get(pk=trolley.pk).definition["steps"]]
    assert ids == ["tell_resident", "resolved"]


def _two_notify_steps(trolley) -> None:
    notify = {"type": "notify", "to": "resident", "template": {"subject": "S", "body": "B"}}
    trolley.definition = {
        "title": "Abandoned trolley",
        "start": "first",
        "steps": [
            {**notify, "id": "first", "title": "First message", "next": "second"},
            {**notify, "id": "second", "title": "Second message", "next": "resolved"},
            {"id": "resolved", "type": "end", "outcome": "resolved"},
        ],
    }
    trolley.save()


def _title(trolley, index: int) -> str:
    return WorkflowDefinition.objects.get(pk=trolley.pk).definition["steps"][index]["title"]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_moving_to_another_step_saves_the_open_one_first(demo, trolley, live_server, chromium, javascript):
    _two_notify_steps(trolley)
    page = _page(chromium, live_server, demo.user("riverside-designer"), javascript=javascript)
    page.goto(f"{live_server.url}/admin/studio/workflows/{trolley.pk}/?step=first")
    page.locator("#wf-open-form").get_by_label("Title", exact=True).fill("First message, edited")
    edit = page.locator("li.wf-step[data-step='second']").get_by_role("button", name="Edit step “second”")
    if javascript:
        _submit(page, edit)
    else:
        edit.click()
    expect(page.locator("li.wf-step[data-step='second'] #wf-open-form")).to_have_count(1)
    assert _title(trolley, 0) == "First message, edited"
    expect(page.locator("li.wf-step[data-step='first']")).to_contain_text("First message, edited")
    if javascript:  # axe runs as a script in the page
        _axe_clean(page, "a step open, the others summarised")


def test_with_javascript_other_actions_wait_while_the_open_step_has_unsaved_changes(
    demo, trolley, live_server, chromium
):
    _two_notify_steps(trolley)
    page = _page(chromium, live_server, demo.user("riverside-designer"))
    page.goto(f"{live_server.url}/admin/studio/workflows/{trolley.pk}/?step=second")
    title = page.locator("#wf-open-form").get_by_label("Title", exact=True)
    title.fill("Second message, not saved yet")
    page.get_by_role("button", name="Move step 1 down").click()
    expect(page.locator("#wf-unsaved-note")).to_be_visible()  # held back, and says why
    expect(title).to_have_value("Second message, not saved yet")
    ids = [s["id"] for s in WorkflowDefinition.objects.get(pk=trolley.pk).definition["steps"]]
    assert ids == ["first", "second", "resolved"] and _title(trolley, 1) == "Second message"
    _submit(page, page.locator("#wf-open-form").get_by_role("button", name="Save step"))
    assert _title(trolley, 1) == "Second message, not saved yet"
    _submit(page, page.get_by_role("button", name="Move step 1 down"))  # saved: the move goes ahead
    ids = [s["id"] for s in WorkflowDefinition.objects.get(pk=trolley.pk).definition["steps"]]
    assert ids == ["second", "first", "resolved"]
