"""`python -m benchmarks` (what `make bench` runs) runs every benchmark to the end with tiny sizes on the
current database kind, prints each section's figures, and leaves no database behind."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TINY = {
    "WORKFLOW_BENCH_STEPS": "12",
    "WORKFLOW_BENCH_REPEAT": "2",
    "WORKFLOW_BENCH_WAITING": "40",
    "WORKFLOW_BENCH_DUE": "4",
    "SLA_BENCH_WAITING": "40",
    "SLA_BENCH_DUE": "4",
    "SLA_BENCH_BREACHED": "4",
    "MULTI_BENCH_INSTANCES": "5",
    "MULTI_BENCH_REPEAT": "2",
    "SUBMISSIONS_BENCH_COUNT": "6",
    "ENGINE_BENCH_RUNS": "2",
    "PORTAL_BENCH_SUBMISSIONS": "6",
    "PORTAL_BENCH_ALONE": "2",
    "PORTAL_BENCH_CLIENTS": "2",
    "PORTAL_BENCH_WORKERS": "1",
    "BENCH_REPORTING_CASES": "60",
    "BENCH_REPORTING_REPEAT": "2",
    "OFFICER_BENCH_CASES": "60",
    "OFFICER_BENCH_REQUESTS": "4",
    "CONNECTOR_BENCH_COUNT": "8",
    "CONNECTOR_BENCH_BACKLOG": "8",
    "CONNECTOR_BENCH_CASES": "4",
    "STUDIO_FORM_BENCH_QUESTIONS": "12",
    "STUDIO_FORM_BENCH_REPEAT": "2",
    "STUDIO_WORKFLOW_BENCH_STEPS": "12",
    "STUDIO_WORKFLOW_BENCH_REPEAT": "2",
    "ADDRESS_BENCH_ADDRESSES": "500",
    "ADDRESS_BENCH_LOOKUPS": "5",
    "REPEAT_BENCH_RUNS": "3",
}
FIGURES = {  # section → the figures it must print (a label, then a number)
    "workflow-pipeline": ["validate+lint+compile"],
    "timer-sweep": ["waiting cases created", "due timers fired", "empty sweep"],
    "sla-timer-sweep": [
        "waiting cases created",
        "due timers fired (working hours)",
        "SLA breaches recorded",
        "SLA sweep, nothing new",
    ],
    "multi-instance-start": ["case start fanning out"],
    "submissions": [
        "raw viewflow starts",
        "case submissions (case_submit",
        "case_submit / raw viewflow",
        "SQL statements per start, raw viewflow",
        "SQL statements per submission, case_submit",
        "CPU per start, raw viewflow: Python",
        "CPU per start, case_submit: Python",
    ],
    "engine": [
        "process start + 3 tasks + decision, hand-written",
        "process start + 3 tasks + decision, compiled",
        "engine overhead ratio",
    ],
    "portal": [
        "resident submissions over HTTP",
        "submission latency p95",
        "CPU per submission: PostgreSQL",
        "CPU per submission, all three",
    ],
    "reporting": [
        "seeding cases",
        "dashboard p95, 6 months, by service (1 council)",
        "dashboard p95, 6 months, by officer (3 councils)",
        "scorecard page p95",
    ],
    "officer": ["seed_cases", "inbox p95", "case page p95", "search p95"],
    "connectors": ["deliveries/s, 1 worker", "deliveries/s, 4 workers", "backlog of 8 drained"],
    "studio-forms": ["open the form page (12 questions) p95", "save a question edit (checked) p95", "add a question"],
    "studio-workflows": ["open the workflow builder (12 steps) p95", "lint the workflow (12 steps) p95", "save a step"],
    "address-lookup": ["gazetteer CSV loaded (500 addresses)", "address lookup p95, 500 addresses"],
    "repeat-validation": ["validate a 20-item repeatable group p95", "validate 20 items, every item wrong p95"],
}
FIGURE = re.compile(r"^  (?P<label>.+?)\s+(?P<value>-?\d+\.\d\d) (?P<rest>.*)$")


def _sections(output: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in output.splitlines():
        header = re.fullmatch(r"\[([a-z-]+)\]", line)
        if header:
            current = sections.setdefault(header.group(1), [])
        elif current is not None:
            current.append(line)
    return sections


def _figure(lines: list[str], label: str) -> tuple[float, str]:
    for line in lines:
        match = FIGURE.match(line)
        if match and match.group("label").startswith(label):
            return float(match.group("value")), match.group("rest")
    raise AssertionError(f"no figure {label!r} in:\n" + "\n".join(lines))


def _databases_left(pid: int) -> list[str]:
    """PostgreSQL databases the benchmark run with this process id created and did not drop."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname = %s OR datname LIKE %s",
            [f"bench_councilflow_{pid}", f"bench_councilflow_{pid}\\_%"],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.slow
def test_bench_command_runs_every_benchmark_and_prints_their_figures(tmp_path, django_db_blocker):
    env = {**os.environ, **TINY, "COUNCILFLOW_VAR_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=600)
    finally:
        process.kill()
    output = stdout + stderr
    assert process.returncode == 0, output[-6000:]
    assert f"Councilflow benchmarks on {connection.vendor}" in output

    sections = _sections(stdout)
    assert list(sections) == list(FIGURES), output[-6000:]
    for section, labels in FIGURES.items():
        if section == "portal" and connection.vendor == "sqlite":
            assert any("skipped" in line for line in sections[section]), sections[section]
            continue
        for label in labels:
            value, _ = _figure(sections[section], label)
            assert value > 0, (section, label, value)
    submissions = sections["submissions"]
    raw, submitted = _figure(submissions, "raw viewflow starts")[0], _figure(submissions, "case submissions")[0]
    assert _figure(submissions, "case_submit / raw viewflow")[0] == pytest.approx(submitted / raw, abs=0.01)
    if connection.vendor == "postgresql":
        assert _figure(submissions, "CPU per start, case_submit: PostgreSQL")[0] > 0
    for page in ("inbox p95", "case page p95", "search p95"):
        queries = re.search(r"max (\d+) queries/page", _figure(sections["officer"], page)[1])
        assert queries and int(queries.group(1)) > 0, (page, sections["officer"])

    # Every copy of the database was dropped: no SQLite file in the run's var directory, no PostgreSQL database.
    assert not list(tmp_path.glob("bench-*")), list(tmp_path.iterdir())
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            assert _databases_left(process.pid) == []
