"""Real Chromium journeys, with and without JavaScript, with axe-core run on every resident page they reach."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from casework.models import Case, CaseTask
from casework.selectors import task_queue_for_team
from casework.services.tasks import task_claim, task_complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()  # axe.min.js ships inside the package: nothing is fetched from the network


def _page_loaded(page) -> None:
    """A click returns once its navigation commits: wait for the new page itself before reading it."""
    page.wait_for_load_state("load")
    page.locator("main h1").first.wait_for()


def _axe_clean(page, what: str) -> None:
    _page_loaded(page)
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


RESOLVING_OUTCOMES = {"check": "collected", "inspect": "no_evidence", "clear": "cleared"}


def _resolve(demo, case) -> None:
    """Officers work the open tasks with the outcomes that lead to "resolved"."""
    while (task := CaseTask.objects.filter(case=case, is_open=True).select_related("team").first()) is not None:
        officer = task.team.members.order_by("pk").first()
        task_claim(officer, task)
        task_complete(officer, task, outcome=RESOLVING_OUTCOMES[task.step_id])
    case.refresh_from_db()
    assert case.case_status == "resolved"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_resident_reports_fly_tipping_adds_information_reopens_then_confirms(
    demo, live_server, chromium, png_file, settings, javascript
):
    context = chromium.new_context(java_script_enabled=javascript)
    context.set_default_timeout(5000)
    page = context.new_page()
    csp_violations: list[str] = []  # Chromium reports each refused script or style on the console
    page.on(
        "console",
        lambda message: csp_violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    axe_page = page if javascript else chromium.new_page()  # axe needs JavaScript: it checks a copy of the no-JS page

    def check_axe(what: str) -> None:
        if not javascript:
            _page_loaded(page)
            html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S)
            axe_page.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
        _axe_clean(axe_page, f"{what} ({'with' if javascript else 'without'} JavaScript)")

    page.goto(f"{live_server.url}/riverside/")
    if javascript:  # govuk-frontend's inline script carries the CSP nonce, so it ran
        assert page.evaluate("document.body.classList.contains('js-enabled')")
    page.get_by_label("Search services").fill("fly")
    page.get_by_role("button", name="Search").click()
    check_axe("catalogue search")
    page.get_by_role("link", name="Report fly-tipping").click()
    check_axe("start page")
    for _ in range(30):  # keyboard only: Tab to the start button and press Enter
        page.keyboard.press("Tab")
        if page.get_by_role("button", name="Start now").evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/apply/")

    page.get_by_role("button", name="Continue").click()  # nothing entered: an error
    expect(page.locator(".govuk-error-summary__list li")).to_have_text(["Enter where the fly-tipping is"])
    expect(page).to_have_title(re.compile(r"^Error:"))
    check_axe("question page with an error")
    page.get_by_label("Where is the fly-tipping?").fill("Lay-by on Mill Lane <opposite the school>")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Furniture").check()
    page.get_by_label("A small van load").check()
    check_axe("checkboxes and radios page")
    page.get_by_role("button", name="Continue").click()

    description = page.get_by_label("Describe what you saw")
    _page_loaded(page)
    # Revealed on answer with JS, shown (and marked) without. expect() retries: the reveal script hides the
    # question once it has initialised, which on a slow run (coverage) is after the page has loaded.
    if javascript:
        expect(description).to_be_hidden()
    else:
        expect(description).to_be_visible()
    page.locator("#on_private_land-2").check()
    page.locator("#seen_dumping").check()
    expect(description).to_be_visible()
    check_axe("conditional question revealed")
    description.fill("A white van, AB12 CDE")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Upload a photo of the fly-tipping").set_input_files(str(png_file))
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill("Ann Example")
    page.get_by_label("Email address").fill("ann@example.com")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending your report")).to_be_visible()
    check_axe("check your answers")
    expect(page.locator("main")).to_contain_text("Lay-by on Mill Lane <opposite the school>")
    expect(page.locator("main")).to_contain_text("dumped-sofa.png")
    page.get_by_role("link", name="Change how much is there?").click()
    page.get_by_label("A lorry load or more").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("A lorry load or more")
    page.get_by_role("button", name="Accept and send").click()

    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    check_axe("confirmation")
    expect(page.locator(".govuk-panel")).to_contain_text(re.compile(r"RDC-\d{4}-\d{6}"))
    reference = re.search(r"RDC-\d{4}-\d{6}", page.locator(".govuk-panel").inner_text()).group(0)
    case = Case.objects.get(reference=reference)
    assert case.answers["size"] == "lorry" and case.attachments.get().original_name == "dumped-sofa.png"
    expect(page.get_by_role("link", name="track your case")).to_have_attribute("href", re.compile(r"^/track/"))
    tracking = page.get_by_role("link", name="track your case").get_attribute("href")

    page.goto(live_server.url + tracking)
    check_axe("tracking page")
    page.get_by_role("link", name="Add information or photos to this case").click()
    page.get_by_role("button", name="Add to case").click()
    check_axe("add information with an error")
    page.get_by_label("What do you want to tell us?").fill("There are tyres too")
    page.get_by_role("button", name="Add to case").click()
    expect(page.locator("main")).to_contain_text("Your information has been added to the case")
    assert CaseTask.objects.get(case=case, is_open=True).has_new_information

    _resolve(demo, case)
    page.goto(live_server.url + tracking)
    expect(page.locator("main")).to_contain_text("Has this been resolved?")
    check_axe("resolution question")
    page.get_by_label("No, it has not been resolved").check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us what still needs to be done")
    check_axe("resolution question with an error")
    page.get_by_label("What still needs to be done?").fill("The tyres are still there")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("main")).to_contain_text("Your case has been reopened")
    reopened = CaseTask.objects.get(case=case, is_open=True)
    assert reopened.step_id == "inspect" and reopened.team.slug == "environmental-health"
    assert reopened in task_queue_for_team(reopened.team.members.order_by("pk").first(), reopened.team)

    _resolve(demo, case)  # dealt with again: this time the resident confirms and rates the service
    page.goto(live_server.url + tracking)
    page.get_by_label("Yes, it has been resolved").check()
    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_label("Tell us more (optional)").fill("Thanks")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("main")).to_contain_text("Thank you for confirming")
    check_axe("closed case")
    case.refresh_from_db()
    assert case.case_status == "closed" and case.satisfaction == 4 and case.satisfaction_comment == "Thanks"
    if javascript:
        _axe_tour_other_pages(page, live_server.url, case, settings)
    else:
        axe_page.close()
    assert csp_violations == []
    context.close()


def _axe_tour_other_pages(page, base: str, case, settings) -> None:
    """The resident pages the journey does not reach, including their error states."""
    from connectors.models import Delivery

    for path in ["/", "/riverside/?q=nothing-matches", "/riverside/complaint/apply/", "/track/not-a-real-link/"]:
        page.goto(base + path)
        _axe_clean(page, path)
    page.goto(base + "/riverside/missed-bin/apply/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select which bin was missed")
    _axe_clean(page, "date and radios with errors")
    page.get_by_label("Food waste caddy").check()
    page.get_by_role("button", name="Save and come back later").click()
    _axe_clean(page, "save and come back later")
    page.get_by_role("button", name="Save and send link").click()
    _axe_clean(page, "save and come back later with an error")
    page.get_by_label("Where should we send a link to your answers?").fill("ann@example.com")
    page.get_by_role("button", name="Save and send link").click()
    expect(page.locator("main")).to_contain_text("Your answers have been saved")
    _axe_clean(page, "answers saved")
    page.goto(base + "/riverside/your-cases/")
    page.get_by_role("button", name="Email me a link").click()
    _axe_clean(page, "your cases with an error")
    page.get_by_label("See all your cases").fill(case.customer.email)
    page.get_by_role("button", name="Email me a link").click()
    _axe_clean(page, "check your email")
    link = re.search(r"/riverside/your-cases/\S+", Delivery.objects.get(purpose="your-cases").payload["body"]).group(0)
    page.goto(base + link)
    expect(page.locator("main")).to_contain_text(case.reference)
    _axe_clean(page, "your cases")
    settings.PORTAL_RATE_LIMITS = {"link_ip": 0}
    page.goto(base + "/riverside/your-cases/")
    page.get_by_label("See all your cases").fill(case.customer.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.locator("main")).to_contain_text("too many attempts")
    _axe_clean(page, "rate limited")
