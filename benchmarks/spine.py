"""Spine benchmarks: case submissions per second next to the raw engine, and the JSON compiler's overhead
over a hand-written flow. Both start from the Riverside demo (harness).

Sizes: SUBMISSIONS_BENCH_COUNT (200 starts of each kind), ENGINE_BENCH_RUNS (60 cases of each flow).
"""

from __future__ import annotations

import time

from .harness import database_cpu_seconds, env_int, report

ROUNDS = 2  # the two peers take turns, so a burst of load from elsewhere on the machine hits both
ANSWERS = {
    "bin_type": "general",
    "collection_date": "2026-11-20",
    "address": "1 High St",
    "postcode": "RD1 2AB",
    "your_name": "Ann",
    "email": "ann@example.com",
}


def _officer_and_service():
    from django.contrib.auth import get_user_model

    from casework.models import Service

    return get_user_model().objects.get(username="riverside-waste"), Service.objects.get(
        council__slug="riverside", slug="missed-bin"
    )


def _statements(start) -> int:
    """SQL statements one start sends (after a warm-up start filled the compiled-flow and form caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start()
    connection.queries_log.clear()  # a full log (9,000 entries) would make the capture below count nothing
    with CaptureQueriesContext(connection) as queries:
        start()
    return len(queries.captured_queries)


def bench_submissions(count: int | None = None) -> None:
    """`case_submit` for the missed-bin service and a raw viewflow start of the same shape, in turns."""
    from django.db import connection, transaction
    from viewflow.workflow.models import Process, Task
    from viewflow.workflow.status import STATUS

    from casework.models import Case
    from casework.services.submission import case_submit

    from .raw_flow import RawBenchFlow

    per_round = max(1, (count or env_int("SUBMISSIONS_BENCH_COUNT", 200)) // ROUNDS)
    officer, service = _officer_and_service()

    def raw_start() -> None:
        with transaction.atomic():  # one transaction per start, as case_submit has
            RawBenchFlow.start.run(answers=ANSWERS, owner=officer)

    def submit() -> None:
        case_submit(service=service, answers=ANSWERS)

    peers = {"raw viewflow": raw_start, "case_submit": submit}
    statements = {name: _statements(start) for name, start in peers.items()}
    cases_before = Case.objects.count()
    wall, cpu, database_cpu = dict.fromkeys(peers, 0.0), dict.fromkeys(peers, 0.0), dict.fromkeys(peers, 0.0)
    for _ in range(ROUNDS):
        for name, start in peers.items():
            database_before = database_cpu_seconds()
            cpu_before, started = time.process_time(), time.perf_counter()
            for _ in range(per_round):
                start()
            wall[name] += time.perf_counter() - started
            cpu[name] += time.process_time() - cpu_before
            database_after = database_cpu_seconds()
            if database_before is not None and database_after is not None:
                database_cpu[name] += database_after - database_before
    n = per_round * ROUNDS
    raw_tasks = Task.objects.filter(
        process__flow_class=RawBenchFlow, flow_task_type="HUMAN", owner=officer, status=STATUS.ASSIGNED
    )
    assert raw_tasks.count() == Process.objects.filter(flow_class=RawBenchFlow).count() == n + 2, (
        "each raw start must leave one assigned task"
    )
    assert Case.objects.count() - cases_before == n, "every submission must create exactly one case"

    rates = {name: n / seconds for name, seconds in wall.items()}
    report(
        "raw viewflow starts (Start → assigned View)",
        rates["raw viewflow"],
        "cases/s",
        f"{n} cases, plain Process, no Councilflow hooks",
    )
    report(
        "case submissions (case_submit, missed bin)",
        rates["case_submit"],
        "cases/s",
        f"{n} cases, same process and database",
    )
    report("case_submit / raw viewflow", rates["case_submit"] / rates["raw viewflow"], "x", "aim ≥ 0.5")
    report("SQL statements per start, raw viewflow", statements["raw viewflow"], "statements")
    report("SQL statements per submission, case_submit", statements["case_submit"], "statements", "aim ≤ 12")
    where = "this process, SQLite's work included" if connection.vendor == "sqlite" else "this process"
    for name in peers:
        report(f"CPU per start, {name}: Python", cpu[name] / n * 1000, "ms", where)
        if database_cpu[name]:
            report(
                f"CPU per start, {name}: PostgreSQL", database_cpu[name] / n * 1000, "ms", "this connection's backend"
            )


def _drive(flow_class, service, officer) -> None:
    from django.db import transaction

    from casework.models import CaseTask, Channel
    from casework.services.tasks import task_claim, task_complete

    with transaction.atomic():
        case = flow_class.start.run(
            service=service, answers={}, channel=Channel.PHONE, customer=None, actor=officer, submission_token=None
        )
    for outcome in ("ok", "ok", "ok"):
        task = CaseTask.objects.get(case=case, is_open=True)
        task_claim(officer, task)
        task_complete(officer, task, outcome=outcome)


def _bench_service(service):
    """A service whose published workflow is the benchmark shape, defined in JSON."""
    from benchmarks.reference_flow import BENCH_DEFINITION
    from casework.models import Service
    from workflows.models import WorkflowDefinition
    from workflows.services import workflow_definition_publish

    draft = WorkflowDefinition.objects.create(
        council=service.council,
        slug="bench",
        name="Benchmark shape",
        form_slug="missed-bin",
        definition=BENCH_DEFINITION,
    )
    workflow = workflow_definition_publish(draft)
    return Service.objects.create(
        council=service.council, slug="bench", name="Benchmark", form=service.form, workflow=workflow
    )


def bench_engine_overhead(runs: int | None = None) -> None:
    from benchmarks.reference_flow import HandWrittenBenchFlow
    from workflows.registry import flow_class_for

    runs = max(2, runs or env_int("ENGINE_BENCH_RUNS", 60))
    officer, missed_bin = _officer_and_service()
    service = _bench_service(missed_bin)
    compiled = flow_class_for(service.workflow_id)
    timings = {}
    for name, flow_class in (("hand-written", HandWrittenBenchFlow), ("compiled", compiled)):
        _drive(flow_class, service, officer)  # warm-up
    for _ in range(2):  # interleave to even out caches and disk
        for name, flow_class in (("hand-written", HandWrittenBenchFlow), ("compiled", compiled)):
            started = time.perf_counter()
            for _ in range(runs // 2):
                _drive(flow_class, service, officer)
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
    for name, total in timings.items():
        report(f"process start + 3 tasks + decision, {name}", total / runs * 1000, "ms/case")
    report(
        "engine overhead ratio (compiled / hand-written)",
        timings["compiled"] / timings["hand-written"],
        "x",
        "aim ≤ 1.10",
    )
