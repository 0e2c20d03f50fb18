"""The task page in a real browser: a task form with errors and the case beside it, axe-clean at 1280 and 390 px."""

from __future__ import annotations

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from casework.models import CaseTask
from casework.services.tasks import task_claim
from test_officer_task_forms import WITH_TASK_FORM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"
    ),
]
AXE = Axe()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_task_page_with_a_task_form_and_its_errors_is_axe_clean_and_fits(
    demo, submit_missed_bin, publish_workflow, live_server, chromium, width
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), WITH_TASK_FORM)
    case = submit_missed_bin(service)
    check = CaseTask.objects.get(case=case, step_id="check")
    sam = demo.user("riverside-waste")
    task_claim(sam, check)
    client = Client()
    client.force_login(sam)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/work/tasks/{check.pk}/")
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()

    page.fill("#task-crew_note", "no")
    page.click("text=Complete task")
    page.wait_for_selector("#error-summary")
    assert "Select an outcome" in page.inner_text("#error-summary")
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.fill("#task-crew_note", "Bin was behind a car")
    page.select_option("#task-return_visit", "none")
    page.check("input[name=outcome][value=ok]")
    page.click("text=Complete task")
    page.wait_for_selector("text=completed for")
    case.refresh_from_db()
    assert case.task_answers["check"]["crew_note"] == "Bin was behind a car"
    context.close()
