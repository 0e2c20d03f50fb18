"""Every admin page, generated from admin.site's registry, in Chromium at 1280 and 390 px, as the council
administrator and as a superuser: each model's list, add form, add form posted as it stands (its error state) and
the change form of one row the user may see. axe finds nothing and nothing scrolls sideways outside a scroll region.

A model registered later is walked without touching this test; pages a role may not open are not asked for.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.test import RequestFactory
from django.urls import reverse

from test_officer_pages_browser import _page, _problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"), reason="needs Debian's chromium"
    ),
]
# Submit the add form as it stands, past the browser's own `required` checks, so the server's errors show.
POST_AS_IS = "() => { const f = document.querySelector('#content form'); if (f) f.noValidate = true; }"


def admin_pages(user) -> list[tuple[str, str]]:
    """(kind, path) for every registered model the user may view: list, add, add posted, one change form."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(("list", reverse(f"{name}_changelist")))
        if model_admin.has_add_permission(request):
            pages += [("add", reverse(f"{name}_add")), ("add posted", reverse(f"{name}_add"))]
        row = model_admin.get_queryset(request).order_by("pk").first()
        if row is not None:
            pages.append(("change", reverse(f"{name}_change", args=[quote(row.pk)])))
    return pages


def _walk(page, base: str, pages: list[tuple[str, str]], width: int) -> list[str]:
    problems = []
    for kind, path in pages:
        response = page.goto(base + path)
        if kind == "add posted":
            save = page.locator("#content form [name=_save]")
            if not save.count():
                continue
            page.evaluate(POST_AS_IS)
            with page.expect_navigation() as navigation:
                save.first.click()
            response = navigation.value
        if response is None or response.status >= 400:
            problems.append(f"{kind} {path}: HTTP {response.status if response else '?'}")
            continue
        problems += [f"{kind}: {p}" for p in _problems(page, page.url, width, navigate=False)]
    return problems


@pytest.mark.parametrize("width", [1280, 390])
def test_every_admin_page_is_axe_clean_and_fits(demo, live_server, chromium, width):
    problems, walked = [], {}
    for username in ("riverside-admin", "admin"):
        user = demo.user(username)
        pages = admin_pages(user)
        walked[username] = {kind for kind, _ in pages}
        page = _page(chromium, live_server, user, width)
        problems += _walk(page, live_server.url, pages, width)
        page.context.close()
    # The walk reached each kind of page for both roles (a registry or permission change cannot empty it).
    assert walked["admin"] == walked["riverside-admin"] == {"list", "add", "add posted", "change"}
    assert not problems, f"{len(problems)} problems:\n\n" + "\n\n".join(problems)
