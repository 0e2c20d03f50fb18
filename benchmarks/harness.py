"""Set up Django against a throwaway benchmark database, and time things."""
from __future__ import annotations

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]


def django_setup() -> None:
    sys.path.insert(0, str(ROOT / "platform"))
    sys.path.insert(1, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilflow.settings")
    os.environ.setdefault("COUNCILFLOW_ENV", "local")  # settings default to production mode
    import django

    django.setup()


@contextmanager
def benchmark_database() -> Iterator[str]:
    """Create a fresh database (never the real one), migrate it, yield its vendor, then drop it."""
    from django.conf import settings
    from django.db import connection

    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(settings.VAR_DIR / f"bench-councilflow-{os.getpid()}.sqlite3")
    else:
        test_settings["NAME"] = f"bench_councilflow_{os.getpid()}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each call."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def report(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"  {name:<48} {value:>12.2f} {unit:<10} {note}")


def summary(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms, p95 {percentile(samples, 95) * 1000:.1f} ms"
