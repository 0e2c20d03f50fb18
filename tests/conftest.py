"""Fixtures shared by the whole suite: demo councils, officers and services, loaded through real services."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from clamd_daemon import clamav, clamd_daemon  # noqa: F401  (fixtures: a real clamd for the upload tests)


@pytest.fixture(autouse=True)
def _fresh_engine_caches():
    """Primary keys are reused between tests on SQLite, so compiled classes must not outlive a test."""
    from councilflow.published_rows import published_rows_forget
    from form_definitions.compiled import compiled_form_cache_clear
    from portal.templatetags.portal_forms import blank_fields_forget
    from workflows.business_calendar import council_calendar_forget
    from workflows.registry import flow_class_forget_all

    forgets = (
        flow_class_forget_all,
        compiled_form_cache_clear,
        council_calendar_forget,
        published_rows_forget,
        blank_fields_forget,
    )
    for forget in forgets:
        forget()
    yield
    for forget in forgets:
        forget()


@pytest.fixture(autouse=True, scope="session")
def _force_login_shows_second_factor():
    """Sessions made by `force_login` count as having shown an MFA code (identity.sessions), so tests of
    designers and admins need not sign in twice; tests/identity prove MFA itself through real sign-ins."""
    from django.test.client import ClientMixin

    from identity.sessions import session_mfa_verify

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session_mfa_verify(session, user=user)
        session.save()

    ClientMixin.force_login = force_login
    yield
    ClientMixin.force_login = original


DEMO_COUNCILS = ["riverside", "hillford"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo once per test database; each test's transaction rolls back on top of it."""
    from demodata.loader import demo_load

    with django_db_blocker.unblock():
        demo_load(councils=DEMO_COUNCILS)


@pytest.fixture
def demo(db):
    """Two councils of the demo partnership, with teams, people and the JSON-defined services.

    Transactional tests flush the database when they end, so reload when the session copy is gone.
    """
    from django.contrib.contenttypes.models import ContentType

    from councils.models import Council
    from demodata.loader import demo_load

    if not Council.objects.filter(slug=DEMO_COUNCILS[0]).exists():
        ContentType.objects.clear_cache()  # the flush recreated content types; a cached one may be stale
        demo_load(councils=DEMO_COUNCILS)
    return DemoWorld()


class DemoWorld:
    """Handy look-ups into the loaded demo data."""

    def user(self, username: str):
        return get_user_model().objects.get(username=username)

    def council(self, slug: str):
        from councils.models import Council

        return Council.objects.get(slug=slug)

    def service(self, council_slug: str, slug: str):
        from casework.models import Service

        return Service.objects.select_related("council", "form", "workflow").get(council__slug=council_slug, slug=slug)


@pytest.fixture
def subprocess_env(transactional_db):
    """Environment for a child `manage.py` process that must see this test's (committed) database."""
    import os

    from django.db import connection

    env = dict(os.environ)
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{settings_dict['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
        )
    return env


MISSED_BIN_ANSWERS = {
    "bin_type": "general",
    "collection_date": "2026-11-20",
    "address": "1 High Street, Riverside",
    "postcode": "RD1 2AB",
    "your_name": "Ann Example",
    "email": "ann@example.com",
}


@pytest.fixture
def submit_missed_bin():
    """Submit a valid missed-bin case through the real service layer; keyword arguments override answers
    (`language="cy"`: as a resident on the Welsh pages)."""
    from casework.services.submission import case_submit

    def submit(service, *, language: str = "en", **overrides):
        return case_submit(service=service, answers={**MISSED_BIN_ANSWERS, **overrides}, language=language)

    return submit


@pytest.fixture
def publish_workflow():
    """Publish `definition` as the next version of a demo service's workflow; returns the refreshed service."""
    from workflows.services import workflow_definition_new_draft, workflow_definition_publish

    def publish(service, definition: dict):
        draft = workflow_definition_new_draft(service.workflow)
        draft.definition = definition
        draft.save()
        workflow_definition_publish(draft)
        service.refresh_from_db()
        return service

    return publish


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """Close a browser test's pages before its fixtures are torn down.

    An open page can still fetch (htmx, a reload after a drag) while the transactional test's database is flushed
    or the next test loads the demo, and that request then races the flush on the shared live server.
    """
    browser = getattr(item, "funcargs", {}).get("chromium")
    if browser is not None:
        for context in list(browser.contexts):
            context.close()


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian chromium for the whole run: Playwright's sync API allows one driver per thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
