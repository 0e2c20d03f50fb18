"""Councilflow's own Prometheus figures, read from the database at scrape time.

The database is the one place every web and worker process shares, so a figure read here is the
platform's, not one process's. Labels are council slugs, statuses and kinds: never personal data.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import REGISTRY
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.models import Case, CaseStatus
from connectors.models import Delivery
from councils.models import Council

from .models import WorkerHeartbeat

OPEN_STATUSES = [s for s in CaseStatus.values if s not in (CaseStatus.RESOLVED, CaseStatus.CLOSED)]


def _council_slugs() -> dict[int, str]:
    return dict(Council.objects.values_list("pk", "slug"))


def submissions_metric(councils: dict[int, str]) -> Metric:
    metric = CounterMetricFamily(
        "councilflow_cases_submitted", "Cases received, by council and channel.", labels=["council", "channel"]
    )
    for row in Case.objects.order_by().values("council_id", "channel").annotate(n=Count("pk")):
        metric.add_metric([councils.get(row["council_id"], "?"), row["channel"]], row["n"])
    return metric


def cases_by_status_metric(councils: dict[int, str]) -> Metric:
    metric = GaugeMetricFamily(
        "councilflow_cases", "Cases now in each status, by council.", labels=["council", "status"]
    )
    for row in Case.objects.order_by().values("council_id", "case_status").annotate(n=Count("pk")):
        metric.add_metric([councils.get(row["council_id"], "?"), row["case_status"]], row["n"])
    return metric


def sla_breaches_metric(councils: dict[int, str]) -> Metric:
    metric = GaugeMetricFamily(
        "councilflow_cases_overdue", "Open cases past their SLA due date, by council.", labels=["council"]
    )
    overdue = Case.objects.filter(case_status__in=OPEN_STATUSES, due_at__lt=timezone.now()).order_by()
    for row in overdue.values("council_id").annotate(n=Count("pk")):
        metric.add_metric([councils.get(row["council_id"], "?")], row["n"])
    return metric


def outbox_metrics(councils: dict[int, str]) -> Iterator[Metric]:
    backlog = GaugeMetricFamily(
        "councilflow_outbox_backlog",
        "Deliveries not yet sent (pending or sending), by council and kind.",
        labels=["council", "kind"],
    )
    dead = GaugeMetricFamily(
        "councilflow_outbox_dead_letters",
        "Deliveries given up on (dead letters), by council and kind.",
        labels=["council", "kind"],
    )
    rows = (
        Delivery.objects.filter(status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING, Delivery.Status.DEAD])
        .order_by()
        .values("council_id", "kind", "status")
        .annotate(n=Count("pk"))
    )
    totals: dict[tuple[str, str, bool], int] = {}
    for row in rows:
        key = (councils.get(row["council_id"], "?"), row["kind"], row["status"] == Delivery.Status.DEAD)
        totals[key] = totals.get(key, 0) + row["n"]
    for (council, kind, is_dead), n in sorted(totals.items()):
        (dead if is_dead else backlog).add_metric([council, kind], n)
    oldest = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by()
        .aggregate(oldest=Min("next_attempt_at"))["oldest"]
    )
    lag = GaugeMetricFamily(
        "councilflow_outbox_lag_seconds", "How long the longest-due pending delivery has waited past its time."
    )
    lag.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
    yield from (backlog, dead, lag)


def timer_lag_metric() -> Metric:
    oldest = (
        Task.objects.filter(flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=timezone.now())
        .order_by()
        .aggregate(oldest=Min("scheduled"))["oldest"]
    )
    metric = GaugeMetricFamily(
        "councilflow_timer_lag_seconds",
        "How long the longest-due workflow timer has waited past its time (0: none due).",
    )
    metric.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
    return metric


def worker_metrics() -> Iterator[Metric]:
    now = timezone.now()
    beats = list(WorkerHeartbeat.objects.values_list("beat_at", flat=True))
    age = GaugeMetricFamily(
        "councilflow_worker_heartbeat_age_seconds", "Seconds since the freshest worker heartbeat (-1: never)."
    )
    age.add_metric([], min((now - beat).total_seconds() for beat in beats) if beats else -1.0)
    workers = GaugeMetricFamily("councilflow_workers_seen", "Worker processes that beat within the last day.")
    workers.add_metric([], len(beats))
    yield from (age, workers)


class CouncilflowCollector(Collector):
    """Reads every figure in a handful of grouped queries per scrape."""

    def collect(self) -> Iterator[Metric]:
        councils = _council_slugs()
        yield submissions_metric(councils)
        yield cases_by_status_metric(councils)
        yield sla_breaches_metric(councils)
        yield from outbox_metrics(councils)
        yield timer_lag_metric()
        yield from worker_metrics()

    def describe(self) -> list[Metric]:
        return []  # no database query when the collector is registered


COLLECTOR = CouncilflowCollector()
_registered = False


def metrics_collector_register() -> None:
    """Add our collector to prometheus_client's default registry, once per process."""
    global _registered
    if not _registered:
        REGISTRY.register(COLLECTOR)
        _registered = True
