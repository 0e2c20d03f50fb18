"""Connector benchmarks: deliveries per second to a local back office with 1 and 4 workers, and the
time to drain a backlog after the back office comes back.

Workers are threads in this process, each running the real worker pass (`deliveries_send_due`) with
its own database connection; the back office is a ThreadingHTTPServer on 127.0.0.1 that answers after
`latency` seconds. `python -m benchmarks connectors` (env CONNECTOR_BENCH_BACKLOG=10000 for the full backlog;
CONNECTOR_BENCH_COUNT, 400 deliveries per worker count; CONNECTOR_BENCH_CASES, 100 cases to spread them over).
Starts from the Riverside demo (harness).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .harness import env_int, report

BATCH = 25


def _back_office(latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if latency:
                time.sleep(latency)
            body = json.dumps({"reference": "BO"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def _setup(url: str, case_count: int):
    from casework.models import Service
    from casework.services.submission import case_submit
    from connectors.models import Connector, Delivery

    service = Service.objects.get(council__slug="riverside", slug="missed-bin")
    answers = {
        "bin_type": "general",
        "collection_date": "2026-11-20",
        "address": "1 High St",
        "postcode": "RD1 2AB",
        "your_name": "Ann",
        "email": "ann@example.com",
    }
    cases = [case_submit(service=service, answers=answers) for _ in range(case_count)]
    Delivery.objects.all().delete()  # the confirmation emails are not what is measured
    connector = Connector.objects.create(
        council=service.council,
        name="Bench CRM",
        slug="crm",
        kind="rest",
        config={
            "url": url,
            "timeout": 5,
            "request_mapping": {"ref": "{{ case.reference }}"},
            "response_mapping": {"ref": "{{ body.reference }}"},
        },
    )
    return connector, cases


def _enqueue(connector, cases, count: int) -> None:
    from connectors.models import Delivery
    from connectors.services import delivery_payload_build

    payloads = {case.pk: delivery_payload_build(connector, case=case, step_id="bench") for case in cases}
    rows = [
        Delivery(
            council_id=connector.council_id,
            case=case,
            connector=connector,
            kind=Delivery.Kind.CONNECTOR,
            purpose="bench",
            payload={**payloads[case.pk], "slot": "crm", "step_id": "bench"},
        )
        for i in range(count)
        for case in [cases[i % len(cases)]]
    ]
    Delivery.objects.bulk_create(rows, batch_size=1000)


def _drain(workers: int) -> float:
    """Seconds until no delivery is pending, with `workers` threads each looping over worker passes."""
    from django.db import connection

    from connectors.models import Delivery
    from connectors.worker import deliveries_send_due

    stop = threading.Event()
    errors: list[BaseException] = []

    def loop() -> None:
        try:
            while not stop.is_set():
                if not deliveries_send_due(BATCH):
                    time.sleep(0.01)
        except BaseException as exc:  # reported after the run: a benchmark must not hide a failure
            errors.append(exc)
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=loop) for _ in range(workers)]
    for thread in threads:
        thread.start()
    deadline = started + 1800
    while (
        Delivery.objects.filter(status__in=["pending", "sending"]).exists()
        and time.perf_counter() < deadline
        and not errors
    ):
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    dead = Delivery.objects.filter(status="dead").count()
    if dead:
        raise RuntimeError(f"{dead} deliveries dead-lettered during the benchmark")
    return elapsed


def bench_connectors(count: int | None = None, backlog: int | None = None, latency: float = 0.005) -> None:
    from connectors.models import Delivery

    count = count or env_int("CONNECTOR_BENCH_COUNT", 400)
    backlog = backlog or env_int("CONNECTOR_BENCH_BACKLOG", 2000)
    # Deliveries are spread over this many cases; per-case order caps parallelism at one per case.
    case_count = env_int("CONNECTOR_BENCH_CASES", 100)
    from django.test import override_settings

    server = _back_office(latency)
    # The local back office is on loopback, which the outbound guard refuses unless it is allow-listed.
    allow_loopback = override_settings(CONNECTOR_ALLOWED_HOSTS=["127.0.0.1"])
    allow_loopback.enable()
    try:
        connector, cases = _setup(f"http://127.0.0.1:{server.server_address[1]}/cases", case_count)
        for workers in (1, 4):
            Delivery.objects.all().delete()
            _enqueue(connector, cases, count)
            elapsed = _drain(workers)
            report(
                f"deliveries/s, {workers} worker{'s' if workers > 1 else ''}",
                count / elapsed,
                "per second",
                f"{count} deliveries, back office latency {latency * 1000:.0f} ms",
            )
        # The back office was down while `backlog` deliveries queued up; it is back: drain with 4 workers.
        Delivery.objects.all().delete()
        _enqueue(connector, cases, backlog)
        elapsed = _drain(4)
        report(
            f"backlog of {backlog} drained (4 workers)",
            elapsed,
            "seconds",
            f"{backlog / elapsed:.0f}/s over {len(cases)} cases",
        )
    finally:
        allow_loopback.disable()
        server.shutdown()
        server.server_close()
