"""The case side of a deferred choice (`first_of`): one option happened first, the others are withdrawn.

The engine cancels the losing options; here their queue rows close with the outcome "cancelled", a losing
wait no longer holds the SLA clock or the case's waiting status, and the timeline says what happened first.
"""

from __future__ import annotations

from django.utils import timezone

from workflows.compile_nodes import node_title
from workflows.deferred_choice import option_describe

from ..events import case_event_record
from ..models import Case, CaseStatus, CaseTask, EventKind
from .sla_clock import case_clock_restart, step_stops_clock
from .status import case_status_change
from .task_interrupt import INTERRUPTED_OUTCOME
from .waits import WAIT_STATUSES


def case_choice_decided(case: Case, *, step: dict, option: dict, withdrawn: list[tuple[dict, int]]) -> None:
    """Called under the case's flow lock, before the engine cancels the `withdrawn` (step, viewflow task id)."""
    now = timezone.now()
    rows = {row.task_id: row for row in CaseTask.objects.filter(task_id__in=[pk for _, pk in withdrawn], is_open=True)}
    for loser, task_id in withdrawn:
        row = rows.get(task_id)
        if row is not None:
            row.is_open, row.outcome, row.completed_at = False, INTERRUPTED_OUTCOME, now
            row.save(update_fields=["is_open", "outcome", "completed_at"])
        if loser["type"] in WAIT_STATUSES and step_stops_clock(loser):
            case_clock_restart(case, step=loser, now=now)
    title = step.get("title") or step["id"]
    case_event_record(
        case,
        EventKind.TASK_COMPLETED,
        f"“{title}”: {option_describe(option)} first"
        + (f"; withdrawn: {', '.join(node_title(loser) for loser, _ in withdrawn)}" if withdrawn else ""),
        actor_label="System",
        detail={"step": step["id"], "first": option["id"], "withdrawn": [loser["id"] for loser, _ in withdrawn]},
    )
    if case.case_status in WAIT_STATUSES.values():
        case_status_change(case, CaseStatus.IN_PROGRESS, reason=f"{title}: {option_describe(option)} first")
