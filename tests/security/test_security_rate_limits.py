"""Rate limits: one count across gunicorn workers (Redis), the client address from trusted proxies only,
and a system check that refuses a process-local cache when DEBUG is off."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.test import Client

from portal.checks import rate_limit_cache_check
from redis_databases import redis_test_url

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = redis_test_url(0)  # a database of its own; the email is unique per run, so runs never share a count


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ask_for_magic_link(base: str, email: str) -> int:
    """GET the form for a CSRF token, POST the email on a new connection; the status the resident sees."""
    with requests.Session() as session:
        session.headers["Connection"] = "close"  # each request may be answered by a different worker
        page = session.get(f"{base}/riverside/your-cases/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return session.post(
            f"{base}/riverside/your-cases/", data={"email": email, "csrfmiddlewaretoken": token}, timeout=30
        ).status_code


@pytest.mark.slow
def test_gunicorn_workers_share_one_magic_link_count_in_redis(subprocess_env, demo, tmp_path):
    _redis_or_skip()
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {
        **subprocess_env,
        "REDIS_URL": REDIS_URL,
        "PORTAL_LINK_PER_EMAIL_HOUR": "3",
        "PORTAL_LINK_PER_IP_HOUR": "100000",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--chdir",
            str(ROOT / "platform"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(m)s %(s)s",
            "councilflow.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            try:
                requests.get(f"{base}/riverside/your-cases/", timeout=30)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 seconds"
                time.sleep(0.2)
        # Both workers must be up before the test: on a busy machine the second may boot seconds after the first.
        while len(_workers_answering(access_log, "GET")) < 2:
            assert time.monotonic() < deadline, "the second gunicorn worker did not answer within 60 seconds"
            requests.get(f"{base}/riverside/your-cases/", headers={"Connection": "close"}, timeout=30)
        email = f"resident-{uuid.uuid4().hex[:12]}@example.com"
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(lambda _: _ask_for_magic_link(base, email), range(12)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert sorted(statuses) == [200] * 3 + [429] * 9, statuses  # the limit is 3 for the whole site, not per worker
    posts = [line.split() for line in access_log.read_text().splitlines() if " POST " in line]
    answering_workers = {pid for pid, _method, _status in posts}
    assert len(posts) == 12 and len(answering_workers) >= 2, posts  # more than one worker really answered


def _workers_answering(access_log, method: str) -> set[str]:
    """The worker pids in gunicorn's access log that answered `method` requests."""
    lines = access_log.read_text().splitlines() if access_log.exists() else []
    return {line.split()[0] for line in lines if f" {method} " in line}


def _link_request(client: Client, email: str, forwarded_for: str | None) -> int:
    headers = {"REMOTE_ADDR": "10.0.0.1"}  # the load balancer: every request arrives from it
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/riverside/your-cases/", {"email": email}, **headers).status_code


def test_behind_one_trusted_proxy_each_resident_has_their_own_bucket(demo, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_RATE_LIMITS = {"link_ip": 2, "link_email": 100}
    client = Client()
    ann = [_link_request(client, f"ann{i}@example.com", "203.0.113.7") for i in range(3)]
    bob = [_link_request(client, f"bob{i}@example.com", "198.51.100.9") for i in range(2)]
    assert ann == [200, 200, 429]
    assert bob == [200, 200]  # Ann's limit is not Bob's, though both came through the same balancer


def test_a_forged_extra_hop_is_ignored(demo, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_RATE_LIMITS = {"link_ip": 2, "link_email": 100}
    client = Client()
    # Ann writes her own X-Forwarded-For; the balancer appends the address it saw: hers.
    statuses = [_link_request(client, f"ann{i}@example.com", f"192.0.2.{i}, 203.0.113.7") for i in range(3)]
    assert statuses == [200, 200, 429]  # a new forged address each time, still one bucket
    assert (
        _link_request(client, "carol@example.com", "203.0.113.7, 198.51.100.20") == 200
    )  # Ann's forged hop is not Carol's


def test_without_trusted_proxies_the_header_is_not_believed(demo, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PORTAL_RATE_LIMITS = {"link_ip": 2, "link_email": 100}
    client = Client()
    statuses = [_link_request(client, f"x{i}@example.com", f"203.0.113.{i}") for i in range(3)]
    assert statuses == [200, 200, 429]  # a resident cannot mint new buckets by writing the header


def test_a_process_local_cache_with_debug_off_is_a_system_check_error(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    errors = rate_limit_cache_check()
    assert [e.id for e in errors] == ["portal.E001"]
    assert "LocMemCache" in errors[0].msg and "REDIS_URL" in errors[0].hint

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    assert rate_limit_cache_check() == []
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert rate_limit_cache_check() == []  # a local run may count per process
