"""Reporting dashboard latency over many cases: `python -m benchmarks reporting` (size: BENCH_REPORTING_CASES,
default 20,000; the issue's target is p95 < 300 ms on PostgreSQL with 1,000,000)."""
from __future__ import annotations

import datetime as dt
import os
import time

from .harness import percentile, report, summary, timed

CHANNELS = ("web", "phone", "email", "face_to_face")
BATCH = 20_000


def _bulk_cases(count: int) -> None:
    """Copy one real submitted case `count` times with spread-out timestamps, by batched INSERTs (no ORM per row)."""
    from councils.demo_loader import demo_load
    from django.db import connection, transaction

    from casework.models import Service
    from casework.services.submission import case_submit

    demo_load(councils=["riverside"])
    service = Service.objects.get(council__slug="riverside", slug="missed-bin")
    template = case_submit(service=service, answers={"bin_type": "general", "collection_date": "2026-11-20", "address": "1 High St",
                                                      "postcode": "RD1 2AB", "your_name": "Ann", "email": "ann@example.com"})
    now = dt.datetime.now(dt.timezone.utc)
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM viewflow_process")
        next_id = cursor.fetchone()[0] + 1
        cursor.execute("SELECT flow_class FROM viewflow_process WHERE id = %s", [template.pk])
        flow_class = cursor.fetchone()[0]
    for start in range(0, count, BATCH):
        ids = range(next_id + start, next_id + min(count, start + BATCH))
        processes, cases = [], []
        for i in ids:
            submitted = now - dt.timedelta(minutes=(i * 37) % (365 * 24 * 60))
            done = i % 6 != 0
            resolved = submitted + dt.timedelta(hours=(i * 7) % 400) if done else None
            processes.append((i, flow_class, "DONE", submitted, "{}"))
            cases.append((i, f"BENCH-{i}", template.council_id, template.service_id, template.form_version_id, template.workflow_version_id,
                          CHANNELS[i % 4], "closed" if done else "in_progress", "{}", "{}", "{}", "", "normal", 1, submitted,
                          submitted + dt.timedelta(days=7), resolved, resolved, (i % 5) + 1 if done else None, "", i % 17 == 0))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany("INSERT INTO viewflow_process (id, flow_class, status, created, data) VALUES (%s, %s, %s, %s, %s)", processes)
            cursor.executemany(
                "INSERT INTO casework_case (process_ptr_id, reference, council_id, service_id, form_version_id, workflow_version_id, channel, "
                "case_status, answers, outcomes, task_answers, outcome, priority, version, submitted_at, due_at, resolved_at, closed_at, "
                "satisfaction, satisfaction_comment, reopen_count) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [c[:-1] + (int(c[-1]),) for c in cases],
            )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('viewflow_process', 'id'), (SELECT MAX(id) FROM viewflow_process))")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")


def bench_dashboard(cases: int | None = None, repeat: int = 20) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    cases = cases or int(os.environ.get("BENCH_REPORTING_CASES", "20000"))
    started = time.perf_counter()
    _bulk_cases(cases)
    report("bulk insert of cases", cases / (time.perf_counter() - started), "per second", f"{cases:,} cases")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="riverside-manager"))
    today = dt.date.today()
    params = {"from": (today - dt.timedelta(days=180)).isoformat(), "to": today.isoformat()}
    for group in ("service", "channel", "officer"):
        url_params = {**params, "group": group}
        assert client.get("/reports/", url_params).status_code == 200  # warm-up
        samples = timed(lambda: client.get("/reports/", url_params), repeat)
        report(f"dashboard p95, 6 months, by {group}", percentile(samples, 95) * 1000, "ms", f"{summary(samples)}; aim < 300 ms at 1M on PostgreSQL")
    month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    samples = timed(lambda: client.get(f"/reports/riverside/scorecard/{month}/"), max(5, repeat // 4))
    report("scorecard page p95", percentile(samples, 95) * 1000, "ms", summary(samples))
