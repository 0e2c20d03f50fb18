"""Milestone tasks: a task with `only_at_status` can be claimed and completed only while the case is at that status."""

from __future__ import annotations

from .models import Case, CaseStatus, CaseTask


def milestone_refusal(case_task: CaseTask, step: dict) -> str:
    """Why the task cannot be worked now ("" when it can): the case has left, or not reached, its milestone."""
    status = step.get("only_at_status")
    if not status:
        return ""
    # Read now, not from a cached case: a parallel branch may just have moved the case on.
    current = Case.objects.filter(pk=case_task.case_id).values_list("case_status", flat=True).first() or ""
    if current == status:
        return ""
    return (
        f"“{case_task.title}” can only be done while the case is “{CaseStatus(status).label}” "
        f"(it is “{CaseStatus(current).label if current else 'unknown'}” now)"
    )
