"""The SLA pages in real Chromium, checked by axe: a leader's late-cases list and extending a due date."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone

from casework.models import Case
from casework.services.sla_breach import cases_sla_sweep
from workflow_builders import end, flow, task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"
    ),
]
AXE = Axe()


def _page_for(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def _axe_clean(page, what: str) -> None:
    page.wait_for_load_state("load")
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def test_a_leader_sees_late_cases_and_an_officer_extends_one(
    demo, submit_missed_bin, publish_workflow, live_server, chromium
):
    from playwright.sync_api import expect

    definition = flow(task("check"), end(), sla={"working_days": 10}, extensions={"max_working_days": 5})
    service = publish_workflow(demo.service("riverside", "missed-bin"), definition)
    case = submit_missed_bin(service)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=2))
    cases_sla_sweep()

    leader = _page_for(chromium, live_server, demo.user("riverside-leader"))
    leader.goto(f"{live_server.url}/work/late/")
    expect(leader.locator("#breached-h")).to_contain_text("Breached")
    expect(leader.locator("main")).to_contain_text(case.reference)
    _axe_clean(leader, "late cases")

    officer = _page_for(chromium, live_server, demo.user("riverside-waste"))
    officer.goto(f"{live_server.url}/work/cases/{case.reference}/")
    officer.get_by_text("Extend the due date").click()
    officer.fill("#extend-days", "9")
    officer.click("button:has-text('Extend')")
    expect(officer.locator("#extend-days-error")).to_contain_text("from 1 to 5")
    _axe_clean(officer, "case page with an extension error")
    officer.fill("#extend-days", "3")
    officer.fill("#extend-reason", "Crew report due Friday")
    officer.click("button:has-text('Extend')")
    expect(officer.locator(".messages")).to_contain_text("Due date extended.")
    expect(officer.locator("#timeline")).to_contain_text("Due date extended by 3 working days")
    leader.context.close()
    officer.context.close()
