"""Spine benchmarks: case submissions per second, and the JSON compiler's overhead over a hand-written flow."""
from __future__ import annotations

import time

from .harness import report

RUNS = 60


def _officer_and_service():
    from demodata.loader import demo_load
    from django.contrib.auth import get_user_model

    from casework.models import Service

    demo_load(councils=["riverside"])
    return get_user_model().objects.get(username="riverside-waste"), Service.objects.get(council__slug="riverside", slug="missed-bin")


def bench_submissions(count: int = 200) -> None:
    from casework.services.submission import case_submit

    _, service = _officer_and_service()
    answers = {"bin_type": "general", "collection_date": "2026-11-20", "address": "1 High St", "postcode": "RD1 2AB", "your_name": "Ann", "email": "ann@example.com"}
    case_submit(service=service, answers=answers)  # warm the compiled flow and validator
    started = time.perf_counter()
    for _ in range(count):
        case_submit(service=service, answers=answers)
    elapsed = time.perf_counter() - started
    report("case submissions (service layer)", count / elapsed, "per second", f"{count} cases")


def _drive(flow_class, service, officer) -> None:
    from django.db import transaction

    from casework.models import CaseTask, Channel
    from casework.services.tasks import task_claim, task_complete

    with transaction.atomic():
        case = flow_class.start.run(service=service, answers={}, channel=Channel.PHONE, customer=None, actor=officer, submission_token=None)
    for outcome in ("ok", "ok", "ok"):
        task = CaseTask.objects.get(case=case, is_open=True)
        task_claim(officer, task)
        task_complete(officer, task, outcome=outcome)


def _bench_service(service):
    """A service whose published workflow is the benchmark shape, defined in JSON."""
    from casework.models import Service
    from workflows.models import WorkflowDefinition
    from benchmarks.reference_flow import BENCH_DEFINITION
    from workflows.services import workflow_definition_publish

    draft = WorkflowDefinition.objects.create(council=service.council, slug="bench", name="Benchmark shape", form_slug="missed-bin", definition=BENCH_DEFINITION)
    workflow = workflow_definition_publish(draft)
    return Service.objects.create(council=service.council, slug="bench", name="Benchmark", form=service.form, workflow=workflow)


def bench_engine_overhead(runs: int = RUNS) -> None:
    from benchmarks.reference_flow import HandWrittenBenchFlow
    from workflows.registry import flow_class_for

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
    report("engine overhead ratio (compiled / hand-written)", timings["compiled"] / timings["hand-written"], "x", "aim ≤ 1.10")
