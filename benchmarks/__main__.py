"""Run benchmarks against throwaway databases: `python -m benchmarks [name ...]`.

Uses DATABASE_URL like the application (SQLite by default); `make bench` runs SQLite and PostgreSQL.
Each benchmark gets a fresh copy of a migrated database holding the demo data it names below.
Sizes come from environment variables (docs/performance.md lists them).
"""

from __future__ import annotations

import importlib
import sys

from .harness import BenchmarkDatabases, django_setup

# name: (module, function, demo data set the benchmark starts from; None: only the migrated schema)
BENCHMARKS = {
    "workflow-pipeline": ("workflow_language", "bench_definition_pipeline", None),
    "timer-sweep": ("workflow_language", "bench_timer_sweep", "riverside"),
    "sla-timer-sweep": ("sla", "bench_sla_timer_sweep", "riverside"),
    "multi-instance-start": ("multi_instance", "bench_multi_instance_start", "riverside"),
    "submissions": ("spine", "bench_submissions", "riverside"),
    "engine": ("spine", "bench_engine_overhead", "riverside"),
    "portal": ("portal", "bench_portal_http", "riverside"),
    "reporting": ("reporting", "bench_dashboard", "all"),
    "officer": ("officer", "bench_officer_workspace", "all"),
    "connectors": ("connectors", "bench_connectors", "riverside"),
    "studio-forms": ("studio_forms", "bench_studio_forms", "riverside"),
    "studio-workflows": ("studio_workflows", "bench_studio_workflows", "riverside"),
    "address-lookup": ("forms_round_two", "bench_address_lookup", "riverside"),
    "repeat-validation": ("forms_round_two", "bench_repeat_validation", None),
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    django_setup()
    from django.db import connection

    print(f"Councilflow benchmarks on {connection.vendor}", flush=True)
    with BenchmarkDatabases() as databases:
        for name in names:
            module_name, function_name, demo = BENCHMARKS[name]
            bench = getattr(importlib.import_module(f"benchmarks.{module_name}"), function_name)
            with databases.fresh(name, demo=demo):
                print(f"[{name}]", flush=True)
                bench()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
