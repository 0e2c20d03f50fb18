"""Resident submissions over HTTP: GET the form, POST every answer, against gunicorn (4 workers) on PostgreSQL.

Each submission is two real requests (page render + POST with CSRF token) from concurrent clients;
the figure is whole submissions per second and the p95 of one submission's two requests together.
Starts from the Riverside demo (harness). Sizes: PORTAL_BENCH_SUBMISSIONS (400), PORTAL_BENCH_ALONE (100 by one
client alone), PORTAL_BENCH_CLIENTS (8), PORTAL_BENCH_WORKERS (4 gunicorn workers).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from .harness import ROOT, env_int, percentile, report

FORM = "/riverside/missed-bin/apply/"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWERS = {
    "bin_type": "general",
    "collection_date-day": "20",
    "collection_date-month": "11",
    "collection_date-year": "2026",
    "address": "1 High Street, Riverside",
    "postcode": "RD1 2AB",
    "your_name": "Ann Example",
    "email": "ann@example.com",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    from django.db import connection

    d = connection.settings_dict
    auth = d["USER"] + (f":{d['PASSWORD']}" if d.get("PASSWORD") else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def _gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex,
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
        "PORTAL_SUBMIT_PER_IP_HOUR": "1000000",
        "PORTAL_SUBMIT_PER_EMAIL_HOUR": "1000000",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--chdir",
        str(ROOT / "platform"),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "councilflow.wsgi",
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if _request(port, "GET", FORM)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 seconds")


def _cpu_seconds(match) -> float:
    """CPU time (user + system) used so far by the processes whose command line `match` accepts (Linux /proc)."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if match(command):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_split(port: int, database: str) -> dict[str, float]:
    """Where this run's CPU goes: its gunicorn workers, the PostgreSQL backends on its database, this load generator.

    Only this run's processes: on a shared machine other runs' servers and backends come and go (a backend
    that exits takes its CPU time out of a machine-wide sum, which once gave a negative figure).
    """
    return {
        "gunicorn": _cpu_seconds(lambda c: "gunicorn" in c and f"127.0.0.1:{port} " in c),
        "PostgreSQL": _cpu_seconds(lambda c: c.startswith("postgres:") and f" {database} " in c),
        "client": time.process_time(),
    }


def _request(port: int, method: str, path: str, *, body: str = "", cookie: str = "") -> tuple[int, dict, str]:
    """One HTTP/1.1 exchange with the standard library: a lean client leaves more of the shared CPUs to the server."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def _submit_once(port: int) -> float:
    started = time.perf_counter()
    status, headers, page = _request(port, "GET", FORM)
    token = CSRF_RE.search(page).group(1)
    # The CSRF cookie is Secure when DEBUG is off, so it is sent back by hand over plain HTTP here.
    cookie = next(c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
    body = urlencode({**ANSWERS, "csrfmiddlewaretoken": token, "submission_token": uuid.uuid4().hex})
    status, _, page = _request(port, "POST", FORM, body=body, cookie=cookie)
    if status != 302:
        raise RuntimeError(f"submission failed with HTTP {status}: {page[:500]}")
    return time.perf_counter() - started


def bench_portal_http(count: int | None = None) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        print("  skipped: the HTTP submission benchmark runs on PostgreSQL (set DATABASE_URL)")
        return
    from casework.models import Case

    count = count or env_int("PORTAL_BENCH_SUBMISSIONS", 400)
    quiet, clients, workers = (
        env_int("PORTAL_BENCH_ALONE", 100),
        env_int("PORTAL_BENCH_CLIENTS", 8),
        env_int("PORTAL_BENCH_WORKERS", 4),
    )
    port = _free_port()
    server = _gunicorn(port, workers)
    try:
        _wait_ready(port, server)
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(lambda _: _submit_once(port), range(clients * 4)))  # warm every worker's caches
            before = Case.objects.count()
            measure_cpu = os.path.exists("/proc/self/stat")
            database = connection.settings_dict["NAME"]
            cpu_before = _cpu_split(port, database) if measure_cpu else {}
            started = time.perf_counter()
            samples = list(pool.map(lambda _: _submit_once(port), range(count)))
            elapsed = time.perf_counter() - started
            cpu_used = {k: v - cpu_before[k] for k, v in _cpu_split(port, database).items()} if measure_cpu else {}
        # One resident at a time: what a submission costs when it does not queue behind others.
        alone = [_submit_once(port) for _ in range(quiet)]
        assert Case.objects.count() - before == count + quiet, "every submission must create exactly one case"
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(
        "resident submissions over HTTP (GET + POST)",
        count / elapsed,
        "per second",
        f"{count} cases, {clients} clients, gunicorn -w {workers}; aim ≥ 200",
    )
    report("submission latency p50", percentile(samples, 50) * 1000, "ms")
    report("submission latency p95", percentile(samples, 95) * 1000, "ms", "aim < 100")
    report(
        "submission latency p95, one client alone", percentile(alone, 95) * 1000, "ms", f"{quiet} submissions in a row"
    )
    # Capacity planning: CPU per submission, so the figure on this machine can be scaled to another.
    for part, seconds in cpu_used.items():
        report(f"CPU per submission: {part}", seconds / count * 1000, "ms")
    if cpu_used:
        total = sum(cpu_used.values()) / count
        report("CPU per submission, all three", total * 1000, "ms", f"≈ {1 / total:.0f} submissions/s per CPU core")
