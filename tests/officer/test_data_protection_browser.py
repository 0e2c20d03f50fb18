"""The data protection page in real Chromium at 390 px, checked by axe: put a case on hold, then erase the rest."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from casework.models import Case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"
    ),
]
AXE = Axe()


def _axe_clean(page, what: str) -> None:
    page.wait_for_load_state("load")
    results = AXE.run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{what}: wider than the phone"


def test_an_administrator_holds_one_case_and_erases_the_other_on_a_phone(
    demo, submit_missed_bin, live_server, chromium
):
    service = demo.service("riverside", "missed-bin")
    held, other = (submit_missed_bin(service, your_name="Nia Jones", email="nia@example.org") for _ in range(2))
    Case.objects.filter(pk__in=[held.pk, other.pk]).update(case_status="closed")
    client = Client()
    client.force_login(demo.user("riverside-admin"))
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()

    page.goto(f"{live_server.url}/work/cases/{held.reference}/")
    page.get_by_role("link", name="Data protection").click()
    _axe_clean(page, "data protection page")
    page.get_by_label(f"Legal hold reason for {held.reference}").fill("Insurance claim 42")
    page.get_by_role("button", name="Put on legal hold").first.click()
    assert (
        page.get_by_text("On legal hold: Insurance claim 42")
        .or_(page.get_by_text("Insurance claim 42"))
        .first.is_visible()
    )
    page.get_by_role("button", name="Erase personal data").click()
    assert page.get_by_text("Tick the box to confirm").is_visible()  # nothing erased without the tick
    page.get_by_label("The resident asked for their personal data to be erased").check()
    page.get_by_role("button", name="Erase personal data").click()

    result = page.get_by_role("status")
    assert f"Personal data removed from 1 case(s): {other.reference}" in result.inner_text()
    assert f"{held.reference}: On legal hold: Insurance claim 42" in result.inner_text()
    _axe_clean(page, "erasure result")
    assert Case.objects.get(pk=other.pk).personal_data_removed_at is not None
    assert Case.objects.get(pk=held.pk).personal_data_removed_at is None
    context.close()
