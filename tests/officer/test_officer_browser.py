"""Two officers on one case in a real browser: each sees the other, and the second save cannot overwrite the first."""

from __future__ import annotations

import os
import shutil

import pytest
from django.test import Client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"
    ),
]


def _page_for(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def test_two_officers_see_each_other_and_the_stale_save_is_refused_keeping_the_text(
    demo, claimed_case, live_server, settings, chromium
):
    from playwright.sync_api import expect

    settings.CASEWORK_HEARTBEAT_SECONDS = 1
    case = claimed_case()
    url = f"{live_server.url}/work/cases/{case.reference}/"
    a = _page_for(chromium, live_server, demo.user("riverside-waste"))
    b = _page_for(chromium, live_server, demo.user("riverside-waste2"))
    csp_violations: list[str] = []  # Chromium reports each refused script or style on the console
    for page in (a, b):
        page.on(
            "console",
            lambda message: csp_violations.append(message.text) if "Content Security Policy" in message.text else None,
        )
    a.goto(url)
    b.goto(url)
    expect(b.locator("#presence")).to_contain_text("Sam Patel has had this case open since")
    expect(a.locator("#presence")).to_contain_text("Alex Morgan has had this case open since", timeout=8000)

    a.get_by_text("Edit answers").click()
    a.fill("#edit-details", "Gate was locked")
    a.click("text=Save answers")
    expect(a.locator(".messages")).to_contain_text("Answers saved.")

    b.get_by_text("Edit answers").click()
    b.fill("#edit-details", "Bin left by the side gate")
    with b.expect_response(lambda r: r.url.endswith("/answers/") and r.request.method == "POST") as response:
        b.click("text=Save answers")
    assert response.value.status == 409
    expect(b.locator("#conflict")).to_contain_text("someone else changed this case")
    expect(b.locator("#conflict")).to_contain_text("Gate was locked")
    expect(b.locator("#conflict")).to_contain_text("Sam Patel")
    expect(b.locator("#edit-details")).to_have_value("Bin left by the side gate")
    case.refresh_from_db()
    assert case.answers["details"] == "Gate was locked"

    b.click("text=Save answers")  # saved again, now knowingly over A's change
    expect(b.locator(".messages")).to_contain_text("Answers saved.")
    a.close()
    expect(b.locator("#presence")).not_to_contain_text("Sam Patel", timeout=8000)
    assert csp_violations == []
    a.context.close()
    b.context.close()
    case.refresh_from_db()
    assert case.answers["details"] == "Bin left by the side gate"
    diffs = [e.detail["diff"] for e in case.events.filter(kind="data_changed").order_by("pk")]
    assert diffs == [
        [{"field": "details", "before": None, "after": "Gate was locked"}],
        [{"field": "details", "before": "Gate was locked", "after": "Bin left by the side gate"}],
    ]
