"""Reporting dashboard latency over many cases: `python -m benchmarks reporting` (size: BENCH_REPORTING_CASES,
default 20,000; the issue's target is p95 < 300 ms on PostgreSQL with 1,000,000; BENCH_REPORTING_REPEAT, 20
requests per figure).

Cases come from the seed generator (`manage.py seed_cases`): real rows with customers, tasks and timelines,
spread over the three demo councils and their services. The council manager's dashboard reads one council's
cases; the partnership administrator's compares all three, so it reads every case.
"""

from __future__ import annotations

import datetime as dt
import time

from .harness import env_int, percentile, report, summary, timed

VIEWERS = (("riverside-manager", "1 council"), ("vale-admin", "3 councils"))


def _seed(count: int) -> None:
    """Seeded on top of the whole demo partnership, which the harness loaded."""
    from demodata.seeding import seed_cases

    seed_cases(count, log=lambda line: None)


def bench_dashboard(cases: int | None = None, repeat: int | None = None) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from casework.models import Case

    cases = cases or env_int("BENCH_REPORTING_CASES", 20000)
    repeat = repeat or env_int("BENCH_REPORTING_REPEAT", 20)
    started = time.perf_counter()
    _seed(cases)
    total = Case.objects.count()
    report("seeding cases (seed generator)", cases / (time.perf_counter() - started), "per second", f"{total:,} cases")
    today = dt.date.today()
    params = {"from": (today - dt.timedelta(days=180)).isoformat(), "to": today.isoformat()}
    client = Client(SERVER_NAME="127.0.0.1")
    for username, who in VIEWERS:
        client.force_login(get_user_model().objects.get(username=username))
        for group in ("service", "channel", "officer"):
            url_params = {**params, "group": group}
            assert client.get("/reports/", url_params).status_code == 200  # warm-up
            samples = timed(lambda: client.get("/reports/", url_params), repeat)
            report(
                f"dashboard p95, 6 months, by {group} ({who})",
                percentile(samples, 95) * 1000,
                "ms",
                f"{summary(samples)}; aim < 300 ms at 1M on PostgreSQL",
            )
    client.force_login(get_user_model().objects.get(username="riverside-manager"))
    month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    samples = timed(lambda: client.get(f"/reports/riverside/scorecard/{month}/"), max(5, repeat // 4))
    report("scorecard page p95", percentile(samples, 95) * 1000, "ms", summary(samples))
