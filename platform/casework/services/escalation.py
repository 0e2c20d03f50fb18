"""Reminders before a task falls due and escalation once it is overdue, fired by the workflow timers.

Each is claimed with a conditional UPDATE (`... WHERE reminded_at IS NULL`), so a second worker or a
replayed timer finds nothing to do: a task is reminded and escalated at most once.
"""

from __future__ import annotations

from django.utils import timezone
from viewflow.workflow.status import STATUS

from councils.models import Team

from ..events import case_event_record
from ..models import CaseTask, EventKind
from ..ports import delivery_enqueue_email

PRIORITY_ORDER = ("low", "normal", "high", "urgent")


def case_task_remind(case_task: CaseTask, *, step: dict) -> bool:
    """Tell whoever holds the task (else its team) that it falls due soon; once per task."""
    now = timezone.now()
    claimed = CaseTask.objects.filter(pk=case_task.pk, is_open=True, reminded_at__isnull=True).update(reminded_at=now)
    if not claimed:
        return False
    case_task.refresh_from_db()
    case = case_task.case
    due = timezone.localtime(case_task.due_at).strftime("%-d %B %Y %H:%M") if case_task.due_at else "soon"
    subject = f"Reminder: “{case_task.title}” on {case.reference} is due {due}"
    recipients = _recipients(case_task)
    if recipients:
        delivery_enqueue_email(
            case, to=recipients, subject=subject, body=f"{subject}.\n", purpose=f"{step['id']}_remind"
        )
    case_event_record(
        case,
        EventKind.NOTIFICATION_QUEUED,
        subject if recipients else f"Not sent (no email address): {subject}",
        task=case_task,
        detail={"step": step["id"], "to": recipients, "reminder": True},
    )
    return True


def case_task_escalate(case_task: CaseTask, *, step: dict) -> bool:
    """Move an overdue task to the escalation queue at a higher priority, and say so on the timeline; once per task."""
    rule = step["escalate"]
    now = timezone.now()
    claimed = CaseTask.objects.filter(pk=case_task.pk, is_open=True, escalated_at__isnull=True).update(escalated_at=now)
    if not claimed:
        return False
    case_task.refresh_from_db()
    case = case_task.case
    before = {
        "team": case_task.team.slug if case_task.team else None,
        "priority": case_task.priority,
        "owner": case_task.task.owner_id,
    }
    overdue = bool(case_task.due_at and case_task.due_at <= now)
    # Claimed like the SLA sweep's, so a breach it already recorded is not recorded twice.
    if overdue and CaseTask.objects.filter(pk=case_task.pk, sla_breached_at__isnull=True).update(sla_breached_at=now):
        case_event_record(
            case,
            EventKind.SLA_BREACHED,
            f"“{case_task.title}” is overdue (was due {timezone.localtime(case_task.due_at):%-d %B %Y})",
            task=case_task,
            detail={"step": step["id"], "due_at": case_task.due_at.isoformat()},
        )
    fields = ["escalated_at"]
    if rule.get("to_team"):
        case_task.team = Team.objects.get(council_id=case_task.council_id, slug=rule["to_team"])
        fields.append("team")
    if rule.get("role"):
        case_task.required_role = rule["role"]
        fields.append("required_role")
    if rule.get("priority") and _rank(rule["priority"]) > _rank(case_task.priority):
        case_task.priority = rule["priority"]
        fields.append("priority")
    case_task.save(update_fields=fields)
    task = case_task.task
    if (rule.get("to_team") or rule.get("role")) and task.owner_id and task.status == STATUS.ASSIGNED:
        # The task leaves its owner's hands: it waits in the escalation queue to be claimed.
        task.owner = None
        task.status = STATUS.NEW
        task.save(update_fields=["owner", "status"])
    queue = (
        f"{case_task.team.name}" + (" (team leaders)" if case_task.required_role == "team_leader" else "")
        if case_task.team
        else "its queue"
    )
    summary = f"“{case_task.title}” escalated to {queue}, priority {case_task.priority}"
    case_event_record(
        case,
        EventKind.ESCALATED,
        summary,
        task=case_task,
        detail={
            "step": step["id"],
            "before": before,
            "after": {
                "team": case_task.team.slug if case_task.team else None,
                "priority": case_task.priority,
                "required_role": case_task.required_role,
            },
        },
    )
    if rule.get("notify"):
        recipients = _recipients(case_task)
        if recipients:
            delivery_enqueue_email(
                case,
                to=recipients,
                subject=f"Escalated: {summary} ({case.reference})",
                body=f"{summary}.\n",
                purpose=f"{step['id']}_escalate",
            )
    return True


def _rank(priority: str) -> int:
    return PRIORITY_ORDER.index(priority) if priority in PRIORITY_ORDER else 1


def _recipients(case_task: CaseTask) -> list[str]:
    """The task's owner, else the members of its queue (only leaders for a team-leader task)."""
    owner = case_task.task.owner
    if owner is not None:
        return [owner.email] if owner.email else []
    if case_task.team is None:
        return []
    memberships = case_task.team.memberships.select_related("user")
    if case_task.required_role == "team_leader":
        memberships = memberships.filter(is_leader=True)
    return [m.user.email for m in memberships if m.user.email]
