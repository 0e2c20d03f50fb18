"""The admin and the officer pages in Chromium under the Content-Security-Policy: nothing refused, scripts still work."""

from __future__ import annotations

import os

import pytest
from django.test import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API next to live_server


def _signed_in_page(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context = chromium.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    context.set_default_timeout(10000)
    return context.new_page()


def test_admin_and_officer_pages_run_with_no_policy_violations(demo, live_server, chromium):
    from workflows.models import WorkflowDefinition

    workflow = WorkflowDefinition.objects.filter(council__slug="riverside", status="published").first()
    page = _signed_in_page(chromium, live_server, demo.user("riverside-designer"))
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    for path in [
        "/admin/",
        "/admin/casework/service/",  # the change list and its filters script
        "/admin/casework/service/add/",  # a change form: admin's own scripts, the JSON widgets
        f"/admin/workflows/workflowdefinition/{workflow.pk}/diagram/",  # viewflow's SVG with its inline <style>
        "/work/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
    # The admin's own JavaScript ran under the policy: the change list's filter toggle is live.
    page.goto(live_server.url + "/admin/casework/service/")
    assert page.evaluate("typeof django !== 'undefined' && typeof django.jQuery === 'function'")
    page.context.close()

    manager = _signed_in_page(chromium, live_server, demo.user("riverside-manager"))
    manager.on(
        "console",
        lambda message: (
            violations.append(f"{manager.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    assert manager.goto(live_server.url + "/reports/").status == 200  # the dashboard's inline <style> and chart
    manager.wait_for_load_state("load")
    manager.context.close()
    assert violations == []
