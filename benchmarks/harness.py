"""Set up Django against throwaway benchmark databases, and time things.

Every benchmark runs on its own fresh copy of a template database (migrated once per run, demo data
loaded once per kind), with the process-wide engine caches emptied first: SQLite reuses primary keys,
so a flow class compiled for `wd7` in one benchmark's database would otherwise run another's `wd7`.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMOS = {"riverside": ["riverside"], "all": None}  # demo data set → the councils demo_load loads (None: all)


def django_setup() -> None:
    sys.path.insert(0, str(ROOT / "platform"))
    sys.path.insert(1, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilflow.settings")
    os.environ.setdefault("COUNCILFLOW_ENV", "local")  # settings default to production mode
    import django
    from django.conf import settings

    # viewflow stores a flow as "<app label>/<module>.<class>", so the raw-engine peer (benchmarks/raw_flow.py)
    # must live in an installed app. Only the benchmark process installs it; the app has no models.
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "benchmarks"]
    # No benchmark logs in with a password (they use force_login), and the throwaway demo people's passwords
    # cost most of the demo data's load time with the real hasher: hash them cheaply here (as Django advises for tests).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # force_login sessions show no one-time code; the MFA check is one session read, not what is measured here.
    settings.MFA_REQUIRED = False
    django.setup()


def env_int(name: str, default: int) -> int:
    """A size from the environment, so a quick run (the command's own test) and a big one share the code."""
    return int(os.environ.get(name, default))


def engine_caches_clear() -> None:
    """Forget everything cached per primary key in this process: compiled flows and forms, viewflow's
    reference look-ups, content types. A benchmark then starts as a fresh process would."""
    from django.contrib.contenttypes.models import ContentType

    from councilflow.published_rows import published_rows_forget
    from councils.teams import teams_forget
    from form_definitions.compiled import compiled_form_cache_clear
    from workflows.business_calendar import council_calendar_forget
    from workflows.registry import flow_class_forget_all

    flow_class_forget_all()
    compiled_form_cache_clear()
    council_calendar_forget()
    teams_forget()
    published_rows_forget()
    ContentType.objects.clear_cache()


class BenchmarkDatabases:
    """A migrated database for this run, one template per demo data set (built on first use), and a
    fresh copy of a template for each benchmark. Never the real database; everything is dropped at the end."""

    def __init__(self) -> None:
        from django.conf import settings
        from django.db import connection

        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        pid = os.getpid()
        self.base = (
            str(settings.VAR_DIR / f"bench-councilflow-{pid}.sqlite3") if self.sqlite else f"bench_councilflow_{pid}"
        )
        self.templates: dict[str, str] = {}
        self.real_name = connection.settings_dict["NAME"]

    def _name(self, suffix: str) -> str:
        return self.base.replace(".sqlite3", f"-{suffix}.sqlite3") if self.sqlite else f"{self.base}_{suffix}"

    def _use(self, name: str) -> None:
        # settings_dict is shared with settings.DATABASES, so threads and subprocess URLs follow it.
        self.connection.close()
        self.connection.settings_dict["NAME"] = name
        engine_caches_clear()

    def _copy(self, source: str, target: str) -> None:
        self.connection.close()  # SQLite: the last close folds the WAL in; PostgreSQL: a template must be idle
        if self.sqlite:
            src, dst = sqlite3.connect(source), sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                src.close()
                dst.close()
        else:
            quote = self.connection.ops.quote_name
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(source)}")

    def _drop(self, name: str) -> None:
        self.connection.close()
        if self.sqlite:
            for leftover in ("", "-wal", "-shm", "-journal"):
                Path(name + leftover).unlink(missing_ok=True)
        else:
            with self.connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {self.connection.ops.quote_name(name)}")

    def __enter__(self) -> BenchmarkDatabases:
        self.connection.settings_dict.setdefault("TEST", {})["NAME"] = self.base
        self.connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.connection.close()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._use(self.base)
        for template in self.templates.values():
            self._drop(template)
        self._drop(self.base)
        self.connection.settings_dict["NAME"] = self.real_name
        engine_caches_clear()

    def _template(self, demo: str | None) -> str:
        if demo is None:
            return self.base
        if demo not in self.templates:
            from demodata.loader import demo_load

            # "all" starts from "riverside": Riverside's people are then not hashed twice.
            source = self._template("riverside") if demo != "riverside" else self.base
            name = self._name(f"demo-{demo}")
            self._copy(source, name)
            self.templates[demo] = name
            self._use(name)
            demo_load(councils=DEMOS[demo])
            self._use(self.base)
        return self.templates[demo]

    def _exists(self, name: str) -> bool:
        if self.sqlite:
            return Path(name).exists()
        with self.connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None

    @contextmanager
    def fresh(self, name: str, *, demo: str | None) -> Iterator[str]:
        """A new database for one benchmark: a copy of the template with `demo` data loaded; dropped afterwards.

        `BENCH_KEEP_DATABASE=<name>` keeps that database instead and reuses it when it exists, so a benchmark
        whose seeding takes minutes (officer at 1,000,000 cases) seeds once and is measured again and again.
        """
        kept = os.environ.get("BENCH_KEEP_DATABASE", "")
        if kept:
            if not self._exists(kept):
                self._copy(self._template(demo), kept)
            self._use(kept)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)  # a kept database made before this branch's migrations
            try:
                yield self.connection.vendor
            finally:
                self._use(self.base)
            return
        template = self._template(demo)
        database = self._name(name)
        self._drop(database)
        self._copy(template, database)
        self._use(database)
        try:
            yield self.connection.vendor
        finally:
            self._use(self.base)
            self._drop(database)


def database_cpu_seconds() -> float | None:
    """CPU used so far by this connection's PostgreSQL backend (a local server, read from Linux /proc).

    None on SQLite, whose work is already in this process's own CPU time, or when /proc cannot tell.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each call."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def timed_indexed(fn: Callable[[int], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each call, given its number (so each call can change something different)."""
    samples = []
    for index in range(repeat):
        started = time.perf_counter()
        fn(index)
        samples.append(time.perf_counter() - started)
    return samples


def studio_figures(figures: Mapping[str, Callable[[int], object]], repeat: int, target_ms: float) -> None:
    """Each studio figure's p95 wall time, and the median CPU of this process (the server's side of a test-client
    request): on a loaded machine the wall time is mostly waiting for a CPU, the CPU figure is what a request costs."""
    for label, fn in figures.items():
        walls, cpus = [], []
        for index in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            fn(index)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        p95 = percentile(walls, 95) * 1000
        cpu_ms = statistics.median(cpus) * 1000
        missed = " MISSED" if cpu_ms > target_ms else ""
        report(
            label + " p95",
            p95,
            "ms",
            f"{summary(walls)}; CPU median {cpu_ms:.1f} ms; target < {target_ms:.0f} ms{missed}",
        )


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def report(name: str, value: float, unit: str, note: str = "") -> None:
    print(f"  {name:<48} {value:>12.2f} {unit:<10} {note}", flush=True)


def summary(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms, p95 {percentile(samples, 95) * 1000:.1f} ms"
