"""Officer workspace at scale: p50/p95 and query counts of inbox, case page and search on a seeded database.

Size: `OFFICER_BENCH_CASES` (default 3000, about a minute end to end); the issue's target is measured
with `OFFICER_BENCH_CASES=100000` on PostgreSQL (p95 < 50 ms, ≤ 12 queries per page). `OFFICER_BENCH_REQUESTS`
(60) sets the requests per page kind. Starts from the whole demo partnership (harness).
`OFFICER_BENCH_SQL=1` prints the SQL of the page with the most queries. `BENCH_KEEP_DATABASE=<name>` seeds
once into that database and reuses it on later runs (benchmarks/harness.py). Search is reported by kind of term too.
"""

from __future__ import annotations

import os
import random
import time
from typing import Any

from .harness import env_int, percentile, report


def _timed_pages(client: Any, urls: list[str]) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples, most_queries = [], 0
    for url in urls:
        # Django keeps the last 9,000 queries only: once seeding filled the log, a capture counted none.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        if len(queries.captured_queries) > most_queries and os.environ.get("OFFICER_BENCH_SQL"):
            print("\n".join(q["sql"][:160] for q in queries.captured_queries))
        most_queries = max(most_queries, len(queries.captured_queries))
    return samples, most_queries


def bench_officer_workspace(cases: int | None = None) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from casework.models import Case, CaseTask

    from .officer_seed import officer_cases_seed

    cases = cases or env_int("OFFICER_BENCH_CASES", 3000)
    request_count = env_int("OFFICER_BENCH_REQUESTS", 60)
    started = time.perf_counter()
    made = officer_cases_seed(cases, log=print if os.environ.get("OFFICER_BENCH_LOG") else lambda line: None)
    seconds = time.perf_counter() - started
    report("seed_cases", made / seconds, "cases/s", f"{made} cases in the database, {seconds:.0f} s")

    rng = random.Random(7)
    leader = get_user_model().objects.get(username="riverside-leader")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(leader)
    team_ids = list(CaseTask.objects.filter(council__slug="riverside").values_list("team_id", flat=True).distinct())
    sample = list(
        Case.objects.filter(council__slug="riverside").select_related("customer").order_by("?")[:request_count]
    )
    inbox = [f"/work/?queue={rng.choice(team_ids + ['mine'])}" for _ in range(request_count)]
    inbox += [f"/work/?queue={rng.choice(team_ids)}&sla=overdue" for _ in range(max(1, request_count // 2))]
    pages = [f"/work/cases/{c.reference}/" for c in sample]
    words = [c.customer.name.split()[-1] if c.customer_id and c.customer.name else c.reference for c in sample]
    postcodes = [c.customer.postcode for c in sample if c.customer_id and c.customer.postcode]
    # Surnames (common words), postcodes (rare), outward codes such as "RD5" (a prefix in about one case of a
    # hundred: the middling frequency that walked furthest for its newest matches) and references (exact).
    search_kinds = {
        "surname": [f"/work/search/?q={w}" for w in words],
        "postcode": [f"/work/search/?q={p}" for p in postcodes],
        "outward code": [f"/work/search/?q={p.split()[0]}" for p in postcodes],
        "reference": [f"/work/search/?q={c.reference}" for c in sample],
    }
    searches = [url for urls in search_kinds.values() for url in urls]
    all_samples: dict[str, list[float]] = {}
    for name, urls in (("inbox", inbox), ("case page", pages), ("search", searches)):
        _timed_pages(client, urls[:3])  # warm caches
        samples, queries = _timed_pages(client, urls)
        all_samples[name] = samples
        report(f"{name} p50", percentile(samples, 50) * 1000, "ms", f"{len(samples)} requests")
        report(
            f"{name} p95",
            percentile(samples, 95) * 1000,
            "ms",
            f"max {queries} queries/page (target p95 < 50 ms, ≤ 12)",
        )
    # The same search requests by kind of term (each kind's urls are consecutive in `searches`).
    start = 0
    for kind, urls in search_kinds.items():
        kind_samples = all_samples["search"][start : start + len(urls)]
        start += len(urls)
        if kind_samples:
            p50, p95 = (percentile(kind_samples, pct) * 1000 for pct in (50, 95))
            report(f"search by {kind} p50 / p95", p50, "ms", f"p95 {p95:.1f} ms, {len(kind_samples)} requests")
    report("load average", os.getloadavg()[0], "", "1 minute, at the end")
