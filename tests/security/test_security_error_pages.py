"""DEBUG is off unless a local mode is chosen; unknown pages and failures get the friendly styled pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from redis_databases import redis_test_url

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_fresh_process(env: dict, expression: str) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT / "platform", env=env, capture_output=True, text=True, timeout=60
    )


def _bare_env(**extra: str) -> dict:
    """The machine's environment without any run-mode choice, as a deployment that forgot them would have."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"COUNCILFLOW_ENV", "DEBUG", "SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "councilflow.settings"
    env["PYTHONPATH"] = f"{ROOT / 'platform'}:{ROOT}"
    return {**env, **extra}


def test_without_any_mode_debug_is_off_and_a_secret_key_is_demanded():
    refused = _settings_in_fresh_process(_bare_env(), "settings.DEBUG")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr

    production = _settings_in_fresh_process(_bare_env(SECRET_KEY="x" * 50), "settings.DEBUG")
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip() == "False"


def test_the_local_mode_turns_debug_on_and_debug_0_still_wins():
    local = _settings_in_fresh_process(_bare_env(COUNCILFLOW_ENV="local"), "settings.DEBUG")
    assert local.stdout.strip() == "True", local.stderr
    forced_off = _settings_in_fresh_process(
        _bare_env(COUNCILFLOW_ENV="local", DEBUG="0", SECRET_KEY="s" * 50), "settings.DEBUG"
    )
    assert forced_off.stdout.strip() == "False", forced_off.stderr


@pytest.mark.django_db
def test_an_unknown_resident_url_gets_the_gov_uk_404(settings):
    assert settings.DEBUG is False
    response = Client().get("/riverside/no-such-service/start/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "govuk-template" in body
    assert "If you typed the web address, check it is correct." in body
    assert "technical_404" not in body and "Using the URLconf" not in body


def test_an_unknown_officer_or_admin_url_gets_the_officer_404(demo):
    client = Client()
    client.force_login(demo.user("riverside-designer"))  # the admin sends anonymous visitors to its login first
    for url in ("/work/no-such-page/", "/admin/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert "Page not found" in body and "officer.css" in body and "govuk-template" not in body, url


@pytest.mark.django_db
def test_a_failure_gets_the_styled_500_in_each_style(settings):
    settings.ROOT_URLCONF = "tests.security.error_urls"
    client = Client(raise_request_exception=False)

    resident = client.get("/riverside/fails/")
    assert resident.status_code == 500
    assert "Sorry, there is a problem with the service" in resident.content.decode()
    assert "govuk-template" in resident.content.decode()

    officer = client.get("/work/fails/")
    assert officer.status_code == 500
    assert "Sorry, something went wrong" in officer.content.decode() and "officer.css" in officer.content.decode()
    assert "RuntimeError" not in officer.content.decode() + resident.content.decode()


def test_check_deploy_is_clean_with_production_settings():
    env = _bare_env(
        SECRET_KEY="production-like-" + "k" * 60,
        ALLOWED_HOSTS="councilflow.example.gov.uk",
        REDIS_URL=redis_test_url(1),
        DEBUG="0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
