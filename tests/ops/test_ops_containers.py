"""Dockerfile and compose.yaml checked statically (no engine here), and the image's entrypoint run outside a container."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
ROLES = {"web", "worker", "celery-worker", "celery-beat", "migrate", "manage"}
APP_SERVICES = {"migrate", "web", "worker", "beat"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_has_the_production_layout(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "clamav", *APP_SERVICES}
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == "." and service["command"][0] in ROLES, name
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
        assert env["CLAMAV_ADDRESS"] == "clamav:3310"
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # compose refuses to start without one
    assert [services[name]["command"][0] for name in ("web", "worker", "beat", "migrate")] == [
        "web",
        "celery-worker",
        "celery-beat",
        "migrate",
    ]
    assert "replicas" not in services["beat"].get("deploy", {})  # one beat only
    assert services["web"]["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    assert services["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_compose_references_resolve(compose):
    services = compose["services"]
    declared_volumes = set(compose["volumes"])
    for name, service in services.items():
        for target in service.get("depends_on", {}):
            assert target in services and target != name, (name, target)
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            assert source.startswith(("/", ".")) or source in declared_volumes, (name, source)
    for name in ("postgres", "redis", "web"):
        assert services[name]["healthcheck"]["test"][0] == "CMD"


def test_dockerfile_is_multi_stage_and_runs_as_a_non_root_user():
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM \S+ AS (\S+)$", text, flags=re.MULTILINE)
    assert stages == ["assets", "python-deps", "runtime"]
    for used in re.findall(r"--from=(\S+)", text):
        assert used in stages[:-1]
    users = re.findall(r"^USER (\S+)$", text, flags=re.MULTILINE)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert '"/app/deploy/entrypoint.sh"' in text and 'CMD ["web"]' in text
    for copied in re.findall(r"^COPY (?!--from)(\S+)", text, flags=re.MULTILINE):
        if copied != ".":
            assert (ROOT / copied).exists(), copied
    assert os.access(ENTRYPOINT, os.X_OK)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "node_modules", "var"} <= set(ignored)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _entrypoint_env(base: dict, **extra: str) -> dict:
    return {**base, "PYTHON": sys.executable, "LOG_FORMAT": "json", **extra}


class Server:
    """deploy/entrypoint.sh web: gunicorn exactly as the container starts it."""

    def __init__(self, env: dict, log: Path) -> None:
        self.port = _free_port()
        env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port), "WEB_CONCURRENCY": "2"}
        self.log = log
        self.process = subprocess.Popen(
            [str(ENTRYPOINT), "web"], cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text()[-3000:]
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer: {log.read_text()[-3000:]}")

    def get(self, path: str, **headers: str) -> tuple[int, bytes]:
        """As a probe or scraper would: by the pod's address, which is not in ALLOWED_HOSTS."""
        return _get(f"http://127.0.0.1:{self.port}{path}", **{"Host": "10.1.2.3", **headers})

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@pytest.mark.slow
def test_entrypoint_web_and_worker_serve_probes_metrics_and_json_logs(subprocess_env, demo, tmp_path):
    env = _entrypoint_env(
        subprocess_env,
        METRICS_TOKEN="t0ken",
        METRICS_ALLOWED_NETWORKS="",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"),
    )
    once = subprocess.run([str(ENTRYPOINT), "worker", "--once"], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert once.returncode == 0, once.stderr.decode()[-2000:]
    server = Server(env, tmp_path / "web.log")
    try:
        status, body = server.get("/readyz")
        assert status == 200, body
        assert json.loads(body)["checks"]["worker"]["status"] == "ok"  # the heartbeat `worker --once` wrote
        assert server.get("/riverside/")[0] == 400  # pages still check ALLOWED_HOSTS
        status, page = server.get("/riverside/", **{"Host": "127.0.0.1", "X-Request-ID": "not-trusted"})
        assert status == 200
        status, scrape = server.get("/metrics", Authorization="Bearer t0ken")
        assert status == 200 and b"councilflow_cases_submitted" in scrape and b"django_http_requests" in scrape
        assert server.get("/metrics")[0] == 403
    finally:
        server.stop()
    lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.startswith("{")]
    finished = [line for line in lines if line.get("event") == "request_finished"]
    assert [(line["request"], line["code"]) for line in finished] == [("GET /riverside/", 200)], lines
    assert finished[0]["council"] == "riverside" and finished[0]["request_id"] != "not-trusted"
    assert any(line["logger"] == "django.security.DisallowedHost" for line in lines)  # the refused Host, as JSON too


@pytest.mark.slow
def test_readyz_of_a_real_server_fails_while_postgresql_is_unreachable(subprocess_env, tmp_path, closed_port):
    env = _entrypoint_env(subprocess_env, DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port}/councilflow")
    server = Server(env, tmp_path / "web.log")
    try:
        assert server.get("/healthz") == (200, b'{"status": "ok"}')
        status, body = server.get("/readyz")
    finally:
        server.stop()
    report = json.loads(body)
    assert status == 503 and report["status"] == "not ready"
    assert report["failed"] == ["database", "worker"]
    assert "Connection refused" in report["checks"]["database"]["detail"] or "refused" in body.decode()


def test_entrypoint_runs_manage_and_refuses_an_unknown_role(subprocess_env):
    env = _entrypoint_env(subprocess_env)
    check = subprocess.run([str(ENTRYPOINT), "manage", "check"], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert check.returncode == 0, check.stderr.decode()[-2000:]
    unknown = subprocess.run([str(ENTRYPOINT), "serve"], cwd=ROOT, env=env, capture_output=True, timeout=30)
    assert unknown.returncode == 64
    assert b"unknown role 'serve'" in unknown.stderr
