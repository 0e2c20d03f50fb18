"""Every officer, manager and admin page in Chromium at 1280 and 390 px: axe finds nothing, nothing scrolls sideways.

Officers work on phones: at 390 px the task tables become stacked cards and the page heading's actions wrap.
"""

from __future__ import annotations

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from casework.models import CaseTask
from casework.services.officer_resolution import case_resolve
from casework.services.resolution import case_resolution_confirm
from casework.services.tasks import task_claim
from identity.sessions import MFA_VERIFIED_KEY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"
    ),
]
AXE = Axe()
# The innermost elements reaching past the viewport's right edge, to name what makes a page scroll sideways.
WIDEST_ELEMENTS = """(width) => [...document.querySelectorAll('main *, header *')]
  .filter(e => e.getBoundingClientRect().right > width + 1 && ![...e.children].some(
    c => c.getBoundingClientRect().right > width + 1))
  .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' +
    Math.round(e.getBoundingClientRect().right) + 'px')"""


def _page(chromium, live_server, user, width, *, shown_code: bool = True):
    client = Client()
    client.force_login(user)
    if not shown_code:  # a password sign-in that has not given its one-time code yet
        session = client.session
        del session[MFA_VERIFIED_KEY]
        session.save()
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    context.set_default_timeout(10000)
    return context.new_page()


def _problems(page, url: str, width: int, *, navigate: bool = True) -> list[str]:
    if navigate:
        page.goto(url)
    page.wait_for_load_state("load")
    found = []
    results = AXE.run(page)
    if results.violations_count:
        found.append(f"{url} at {width}px: {results.generate_report()}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        widest = page.evaluate(WIDEST_ELEMENTS, width)
        found.append(f"{url} scrolls sideways by {overflow}px at {width}px; widest: {widest}")
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_officer_manager_and_admin_pages_are_axe_clean_and_fit(demo, submit_missed_bin, live_server, chromium, width):
    service = demo.service("riverside", "missed-bin")
    open_case = submit_missed_bin(service)
    task = CaseTask.objects.get(case=open_case, is_open=True)
    officer = demo.user("riverside-waste")
    task_claim(officer, task)
    nameless = submit_missed_bin(service, your_name="")
    closed = submit_missed_bin(service)
    task_claim(officer, CaseTask.objects.get(case=closed, is_open=True))
    closed.refresh_from_db()
    closed = case_resolution_confirm(case_resolve(officer, closed, version=closed.version, message="Collected"))
    council = demo.council("riverside")
    base = live_server.url
    pages = {
        "riverside-waste": [
            "/work/",
            "/work/?queue=mine",
            f"/work/?queue={task.team_id}",
            f"/work/cases/{open_case.reference}/",
            f"/work/cases/{nameless.reference}/",
            f"/work/cases/{closed.reference}/",
            f"/work/tasks/{task.pk}/",
            f"/work/search/?q={open_case.reference}",
            "/work/late/",
            "/work/cases/new/",
            f"/work/cases/new/?service={service.pk}",
        ],
        "riverside-manager": [
            "/reports/",
            "/reports/outcomes/",
            f"/reports/{council.slug}/benefits/",
            f"/reports/{council.slug}/log/",
            f"/reports/{council.slug}/log/new/",
        ],
        "riverside-admin": ["/admin/", "/admin/reporting/kpitarget/", "/admin/reporting/benefit/"],
    }
    problems = []
    for username, paths in pages.items():
        page = _page(chromium, live_server, demo.user(username), width)
        for path in paths:
            problems += _problems(page, base + path, width)
        page.context.close()

    # Signing in: the sign-in page, two-step set-up for a designer who has no authenticator yet, the SSO pages.
    page = chromium.new_context(viewport={"width": width, "height": 900}).new_page()
    problems += _problems(page, base + "/accounts/login/", width)
    page.context.close()
    page = _page(chromium, live_server, demo.user("riverside-designer"), width, shown_code=False)
    page.goto(base + "/admin/")
    assert "/accounts/mfa/" in page.url, page.url  # asked for a code before any admin page
    problems += _problems(page, page.url, width, navigate=False)
    for path in ("/accounts/sso/no-access/", "/accounts/sso/failed/"):
        problems += _problems(page, base + path, width)
    page.context.close()

    page = _page(chromium, live_server, officer, width)  # an error state: a new case with nothing filled in
    page.goto(f"{base}/work/cases/new/?service={service.pk}")
    page.get_by_role("button", name="Create case").click()
    page.wait_for_load_state("load")
    assert page.locator(".error-text, .error-summary, [role=alert]").count() > 0
    problems += _problems(page, page.url, width, navigate=False)
    assert not problems, "\n\n".join(problems)
