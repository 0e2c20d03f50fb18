"""Run benchmarks against a throwaway database: `python -m benchmarks [name ...]`.

Uses DATABASE_URL like the application (SQLite by default); `make bench` runs SQLite and PostgreSQL.
"""
from __future__ import annotations

import sys

from .harness import benchmark_database, django_setup

BENCHMARKS = {
    "workflow-pipeline": ("workflow_language", "bench_definition_pipeline"),
    "timer-sweep": ("workflow_language", "bench_timer_sweep"),
    "submissions": ("spine", "bench_submissions"),
    "engine": ("spine", "bench_engine_overhead"),
    "portal": ("portal", "bench_portal_http"),
    "reporting": ("reporting", "bench_dashboard"),
    "officer": ("officer", "bench_officer_workspace"),
    "connectors": ("connectors", "bench_connectors"),
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    django_setup()
    import importlib

    from django.db import connection

    print(f"Councilflow benchmarks on {connection.vendor}")
    for name in names:
        module_name, function_name = BENCHMARKS[name]
        with benchmark_database():
            print(f"[{name}]")
            getattr(importlib.import_module(f"benchmarks.{module_name}"), function_name)()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
