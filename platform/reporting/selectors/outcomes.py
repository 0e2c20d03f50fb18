"""Outcome reports: how tasks ended, per service and stage (e.g. complaints upheld / partly / not upheld at stage 1
and stage 2), as counts and rates of the tasks completed in the period. One grouped query over the reporting
projection's TaskFacts (or, projection=False, the live tasks they must equal)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F

from casework.models import Service

from ..filters import ReportFilter
from ..scope import ReportScope
from .people import completed_tasks_for_report


@dataclass
class OutcomeCount:
    outcome: str
    label: str
    count: int
    rate_pct: float


@dataclass
class StageOutcomes:
    service: Service
    step_id: str
    title: str
    total: int = 0
    outcomes: list[OutcomeCount] = field(default_factory=list)


def outcome_labels(service: Service) -> dict[tuple[str, str], str]:
    """{(step id, outcome id): label} from the service's workflow definition."""
    labels = {}
    for step in (service.workflow.definition or {}).get("steps", []):
        for outcome in step.get("outcomes", []) or []:
            labels[(step["id"], outcome["id"])] = outcome.get("label") or outcome["id"]
    return labels


def outcomes_by_stage(*, scope: ReportScope, flt: ReportFilter, projection: bool = True) -> list[StageOutcomes]:
    """Per service and task step, the completed tasks of the period by outcome, most common first."""
    service_field = "service_id" if projection else "case__service_id"
    rows = list(
        completed_tasks_for_report(scope=scope, flt=flt, projection=projection)
        .exclude(outcome="")
        .annotate(_service=F(service_field))
        .values("_service", "step_id", "title", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    services = Service.objects.select_related("workflow", "council").in_bulk({r["_service"] for r in rows})
    stages: dict[tuple[int, str], StageOutcomes] = {}
    for row in rows:
        key = (row["_service"], row["step_id"])
        stage = stages.setdefault(
            key, StageOutcomes(service=services[key[0]], step_id=row["step_id"], title=row["title"])
        )
        stage.total += row["n"]
        stage.outcomes.append(OutcomeCount(outcome=row["outcome"], label=row["outcome"], count=row["n"], rate_pct=0))
    labels_by_service = {pk: outcome_labels(service) for pk, service in services.items()}
    for (service_id, step_id), stage in stages.items():
        for outcome in stage.outcomes:
            outcome.label = labels_by_service[service_id].get((step_id, outcome.outcome), outcome.outcome)
            outcome.rate_pct = round(100.0 * outcome.count / stage.total, 1)
        stage.outcomes.sort(key=lambda o: (-o.count, o.label))
    steps_order = {
        pk: [s["id"] for s in (service.workflow.definition or {}).get("steps", [])] for pk, service in services.items()
    }
    return sorted(
        stages.values(),
        key=lambda s: (
            s.service.council.name,
            s.service.name,
            steps_order[s.service.pk].index(s.step_id) if s.step_id in steps_order[s.service.pk] else 99,
        ),
    )
