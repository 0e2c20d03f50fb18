"""The case's SLA clock: its due date, stopped while the case waits on the resident, recomputed per stage.

All durations run in the council's business calendar (workflows/business_calendar.py). The clock stops
when the case enters a clock-stopping wait and restarts when it leaves the last one; the due date (and
each open task's) then moves on by the working time the clock was stopped. Both moments are timeline
events, as is every recomputation.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from workflows.business_calendar import council_calendar
from workflows.registry import flow_class_for
from workflows.working_days import duration_add, duration_describe

from ..events import case_event_record
from ..models import Case, CaseTask, EventKind, Service

# Which waits stop the clock unless the step says otherwise (`stops_clock`).
CLOCK_STOPPING_BY_DEFAULT = {"wait_for_customer": True, "wait_for_reply": False}


def case_sla_duration(service: Service) -> dict | None:
    """The case SLA as a language duration: the workflow's `sla`, else the service's working days."""
    sla = (service.workflow.definition.get("sla") or {}) if service.workflow is not None else {}
    if sla:
        return sla
    return {"working_days": service.sla_working_days} if service.sla_working_days else None


def case_due_initial(service: Service, *, start: datetime) -> datetime | None:
    """The due date of a case submitted at `start`, or None when the service has no SLA."""
    sla = case_sla_duration(service)
    if sla is None:
        return None
    council = service.council
    return duration_add(start, sla, region=council.holiday_region, calendar=council_calendar(council))


def step_stops_clock(step: dict) -> bool:
    return bool(step.get("stops_clock", CLOCK_STOPPING_BY_DEFAULT.get(step.get("type", ""), False)))


def case_clock_stop(case: Case, *, step: dict, now: datetime | None = None) -> None:
    """The case entered a clock-stopping wait: the clock stops (once, however many such waits it is in)."""
    now = now or timezone.now()
    case.clock_stops += 1
    fields = ["clock_stops"]
    if case.clock_stopped_at is None:
        case.clock_stopped_at = now
        fields.append("clock_stopped_at")
    case.save(update_fields=fields)
    if len(fields) == 2:
        case_event_record(
            case,
            EventKind.CLOCK_STOPPED,
            f"SLA clock stopped: {step.get('title') or step['id']}",
            detail={"step": step["id"], "due_at": _iso(case.due_at)},
        )


def case_clock_restart(case: Case, *, step: dict, now: datetime | None = None) -> None:
    """The case left a clock-stopping wait; when it was the last one, the due dates move on by the pause."""
    now = now or timezone.now()
    if case.clock_stops == 0:
        return  # the wait started before the clock existed (or stops_clock was added since)
    case.clock_stops -= 1
    if case.clock_stops or case.clock_stopped_at is None:
        case.save(update_fields=["clock_stops"])
        return
    calendar = council_calendar(case.council)
    stopped_at = case.clock_stopped_at
    paused = calendar.working_seconds_between(stopped_at, now)
    before = case.due_at
    if before is not None and paused > 0:
        case.due_at = calendar.working_seconds_add(before, paused)
    case.clock_stopped_at = None
    case.save(update_fields=["clock_stops", "clock_stopped_at", "due_at"])
    if paused > 0:
        for task in CaseTask.objects.filter(case=case, is_open=True, due_at__isnull=False):
            assert task.due_at is not None  # filtered above
            task.due_at = calendar.working_seconds_add(task.due_at, paused)
            task.save(update_fields=["due_at"])
    hours = round(paused / 3600, 1)
    due_words = f"; due {timezone.localtime(case.due_at):%-d %B %Y %H:%M}" if case.due_at else ""
    case_event_record(
        case,
        EventKind.CLOCK_RESTARTED,
        f"SLA clock restarted after {hours:g} working hours{due_words}",
        detail={
            "step": step["id"],
            "stopped_at": stopped_at.isoformat(),
            "paused_working_seconds": paused,
            "due_before": _iso(before),
            "due_after": _iso(case.due_at),
        },
    )


def case_due_recompute(case: Case, *, duration: dict, reason: str, now: datetime | None = None) -> None:
    """A new stage or a reopening: the case is due `duration` from now, the breach flag starts afresh."""
    now = now or timezone.now()
    council = case.council
    before = case.due_at
    case.due_at = duration_add(now, duration, region=council.holiday_region, calendar=council_calendar(council))
    case.sla_breached_at = None
    case.save(update_fields=["due_at", "sla_breached_at"])
    case_event_record(
        case,
        EventKind.DUE_RECOMPUTED,
        f"Due {timezone.localtime(case.due_at):%-d %B %Y %H:%M} ({duration_describe(duration)}): {reason}",
        detail={"reason": reason, "duration": duration, "due_before": _iso(before), "due_after": _iso(case.due_at)},
    )


def case_due_on_reopen(case: Case) -> None:
    """A reopened case gets the definition's `reopen_sla` (else its `sla`) from now; none: it keeps its date."""
    if case.clock_stops or case.clock_stopped_at:
        # A wait the case ended in (a branch cancelled by an end) never restarted the clock: it runs again now.
        case.clock_stops, case.clock_stopped_at = 0, None
        case.save(update_fields=["clock_stops", "clock_stopped_at"])
    definition = flow_class_for(case.workflow_version_id).definition_json
    duration = definition.get("reopen_sla") or definition.get("sla")
    if duration:
        case_due_recompute(case, duration=duration, reason="reopened")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
