"""Many cases waiting on a timer, cloned in bulk from one real case: the set-up both timer benchmarks share.

Submitting 10,000 cases one by one would take minutes and measure the submission, not the sweep; the clones
copy the template's process, case row and scheduled timer task exactly, so the sweep sees real work.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

BATCH = 1000


def waiting_cases_clone(*, template: Any, timer: Any, count: int, reference_prefix: str, scheduled: datetime) -> None:
    """Insert `count` copies of `template` (a Case) each waiting on a copy of `timer`, due at `scheduled`."""
    from django.db import transaction
    from viewflow.workflow.models import Process, Task

    from casework.models import Case

    case_fields = [f for f in Case._meta.local_concrete_fields if not f.primary_key]
    with transaction.atomic():
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
            processes = Process.objects.bulk_create(
                [Process(flow_class=template.flow_class, status=template.status) for _ in range(size)]
            )
            cases = []
            for n, process in enumerate(processes):
                case = Case(pk=process.pk, **{f.attname: getattr(template, f.attname) for f in case_fields})
                case.process_ptr_id = process.pk
                case.reference, case.submission_token = f"{reference_prefix}-{offset + n}", None
                cases.append(case)
            # Case is a multi-table child of viewflow's Process: insert only its own table's rows here.
            Case.objects._insert(cases, fields=Case._meta.local_concrete_fields)
            Task.objects.bulk_create(
                [
                    Task(
                        process_id=p.pk,
                        flow_task=timer.flow_task,
                        flow_task_type="TIMER",
                        status="SCHEDULED",
                        token=timer.token,
                        scheduled=scheduled,
                    )
                    for p in processes
                ]
            )
