"""Recording SLA breaches: the worker's sweep writes one `sla_breached` event per late case and per late task.

Each is claimed with a conditional UPDATE (`... WHERE sla_breached_at IS NULL`), so two workers or a
repeated pass record a breach once. A case whose clock is stopped is not late while it waits.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..events import case_event_record
from ..models import Case, CaseStatus, CaseTask, EventKind

FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
BATCH = 500


def cases_sla_sweep(*, now: datetime | None = None) -> int:
    """Record every newly late case and task; returns how many breaches were recorded."""
    now = now or timezone.now()
    recorded = 0
    late_cases = (
        Case.objects.filter(due_at__lt=now, sla_breached_at__isnull=True, clock_stopped_at__isnull=True)
        .exclude(case_status__in=FINISHED)
        .values_list("pk", flat=True)[:BATCH]
    )
    for case_id in list(late_cases):
        with transaction.atomic():
            if not Case.objects.filter(pk=case_id, sla_breached_at__isnull=True).update(sla_breached_at=now):
                continue
            case = Case.objects.get(pk=case_id)
            case_event_record(
                case,
                EventKind.SLA_BREACHED,
                f"The case is past its due date (was due {timezone.localtime(case.due_at):%-d %B %Y %H:%M})",
                detail={"due_at": case.due_at.isoformat() if case.due_at else None, "scope": "case"},
            )
            recorded += 1
    late_tasks = CaseTask.objects.filter(
        is_open=True, due_at__lt=now, sla_breached_at__isnull=True, case__clock_stopped_at__isnull=True
    ).values_list("pk", flat=True)[:BATCH]
    for task_id in list(late_tasks):
        with transaction.atomic():
            if not CaseTask.objects.filter(pk=task_id, sla_breached_at__isnull=True).update(sla_breached_at=now):
                continue
            task = CaseTask.objects.select_related("case").get(pk=task_id)
            case_event_record(
                task.case,
                EventKind.SLA_BREACHED,
                f"“{task.title}” is overdue (was due {timezone.localtime(task.due_at):%-d %B %Y %H:%M})",
                task=task,
                detail={"step": task.step_id, "due_at": task.due_at.isoformat() if task.due_at else None},
            )
            recorded += 1
    return recorded
