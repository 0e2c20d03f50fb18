"""Officer task actions: claim, release, complete. Each runs under viewflow's per-case lock."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.status import STATUS

from councils.scoping import council_ids_for
from workflows.business_calendar import council_calendar
from workflows.registry import definition_step
from workflows.task_forms import task_answers_display, task_answers_errors
from workflows.working_days import duration_add

from ..assignment import assignment_resolve, team_member_is
from ..duties import duty_refusal
from ..events import case_event_record
from ..exceptions import NotAllowed, SubmissionInvalid, TaskNotAvailable
from ..models import CaseStatus, CaseTask, EventKind
from .sla_clock import case_due_recompute
from .status import case_status_change

OPEN_TASK_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def case_task_open(activation, *, step: dict) -> CaseTask:
    """viewflow created a human task: give it a queue (or an officer), a due date and a timeline entry."""
    case = activation.process
    task = activation.task
    assignment = assignment_resolve(case, step.get("assign", {}), step=step)
    now = timezone.now()
    if step.get("case_sla"):  # a new stage: the case's own due date restarts first
        case_due_recompute(case, duration=step["case_sla"], reason=f"stage “{step.get('title', step['id'])}”")
    due = (
        duration_add(now, step["due"], region=case.council.holiday_region, calendar=council_calendar(case.council))
        if step.get("due")
        else case.due_at
    )
    case_task = CaseTask.objects.create(
        task=task,
        case=case,
        council_id=case.council_id,
        step_id=step["id"],
        title=step.get("title", step["id"]),
        team=assignment.team,
        required_role=assignment.required_role,
        due_at=due,
        priority=case.priority,
        instance_label=(task.data or {}).get("instance", {}).get("label", ""),
    )
    queue = f"the {assignment.team.name} queue" if assignment.team else "no queue"
    about = f" ({case_task.instance_label})" if case_task.instance_label else ""
    case_event_record(case, EventKind.TASK_CREATED, f"Task “{case_task.title}”{about} added to {queue}", task=case_task)
    if assignment.owner is not None:
        task.owner = assignment.owner
        task.status = STATUS.ASSIGNED
        task.assigned = now
        task.save(update_fields=["owner", "status", "assigned"])
        case_event_record(
            case,
            EventKind.TASK_ASSIGNED,
            f"Task “{case_task.title}” assigned to {_name(assignment.owner)}",
            task=case_task,
        )
    return case_task


def task_claim(user: AbstractBaseUser, case_task: CaseTask) -> CaseTask:
    with case_task.task.activation() as activation:
        case_task.refresh_from_db()
        _require_open(case_task, activation.task)
        _require_may_work(user, case_task)
        _require_separate(user, case_task, activation.flow_class)
        if activation.task.owner_id:
            raise TaskNotAvailable(f"{_name(activation.task.owner)} has already claimed this task")
        activation.assign(user)
        case_event_record(
            activation.process,
            EventKind.TASK_CLAIMED,
            f"{_name(user)} claimed “{case_task.title}”",
            actor=user,
            task=case_task,
        )
        if activation.process.case_status == CaseStatus.OPEN:
            case_status_change(activation.process, CaseStatus.IN_PROGRESS, actor=user)
    return case_task


def task_release(user: AbstractBaseUser, case_task: CaseTask) -> CaseTask:
    with case_task.task.activation() as activation:
        case_task.refresh_from_db()
        _require_open(case_task, activation.task)
        if activation.task.owner_id != user.pk:
            raise NotAllowed("Only the officer who claimed a task can release it")
        activation.unassign()
        case_event_record(
            activation.process,
            EventKind.TASK_RELEASED,
            f"{_name(user)} released “{case_task.title}” back to the queue",
            actor=user,
            task=case_task,
        )
    return case_task


def task_complete(
    user: AbstractBaseUser, case_task: CaseTask, *, outcome: str, task_answers: dict | None = None
) -> CaseTask:
    """Record the officer's outcome and let the workflow route on it."""
    with case_task.task.activation() as activation:
        case_task.refresh_from_db()
        task = activation.task
        _require_open(case_task, task)
        if task.owner_id != user.pk:
            raise NotAllowed("Claim this task before completing it")
        step = definition_step(activation.flow_class, case_task.step_id) or {}
        refusal = duty_refusal(user, case_task, step)
        if refusal:
            raise NotAllowed(refusal)
        outcomes = {o["id"]: o.get("label", o["id"]) for o in step.get("outcomes", [])}
        errors = task_answers_errors(step, task_answers or {})
        if outcomes and outcome not in outcomes:
            errors = {"outcome": "Select an outcome", **errors}
        if errors:
            raise SubmissionInvalid(errors)
        case = activation.process
        case.outcomes = {**case.outcomes, case_task.step_id: outcome}
        fields = ["outcomes", "version"]
        if step.get("form"):
            case.task_answers = {**case.task_answers, case_task.step_id: task_answers or {}}
            fields.append("task_answers")
        case.version += 1
        case.save(update_fields=fields)
        now = timezone.now()
        case_task.is_open = False
        case_task.outcome = outcome
        case_task.completed_at = now
        case_task.completed_by = user
        case_task.save(update_fields=["is_open", "outcome", "completed_at", "completed_by"])
        label = outcomes.get(outcome, outcome)
        case_event_record(
            case,
            EventKind.TASK_COMPLETED,
            f"“{case_task.title}” completed: {label}" if label else f"“{case_task.title}” completed",
            actor=user,
            task=case_task,
            detail={
                "step": case_task.step_id,
                "outcome": outcome,
                "outcome_label": label,
                "answers": task_answers or {},
                # What the timeline shows: the form's labels and readable values, fixed at completion.
                "answers_display": task_answers_display(step, task_answers or {}),
            },
        )
        activation.start(None)
        activation.execute()
    return case_task


def task_reassign(user: AbstractBaseUser, case_task: CaseTask, *, to_user: AbstractBaseUser) -> CaseTask:
    """A team leader gives an open task (claimed or not) to a member of the task's team."""
    with case_task.task.activation() as activation:
        case_task.refresh_from_db()
        _require_open(case_task, activation.task)
        _require_leads(user, case_task)
        if not team_member_is(to_user, case_task.team, role=case_task.required_role) or not to_user.is_active:
            raise NotAllowed(f"{_name(to_user)} is not in {case_task.team.name if case_task.team else 'the team'}")
        step = definition_step(activation.flow_class, case_task.step_id) or {}
        refusal = duty_refusal(to_user, case_task, step, by_leader=True)
        if refusal:
            raise NotAllowed(refusal)
        before = activation.task.owner
        if before is not None and before.pk == to_user.pk:
            return case_task
        if activation.task.owner_id:
            activation.reassign(to_user)
        else:
            activation.assign(to_user)
        was = f" (was {_name(before)})" if before is not None else ""
        case_event_record(
            activation.process,
            EventKind.TASK_ASSIGNED,
            f"{_name(user)} assigned “{case_task.title}” to {_name(to_user)}{was}",
            actor=user,
            task=case_task,
            detail={"to": to_user.pk, "from": before.pk if before is not None else None},
        )
    return case_task


def tasks_bulk_assign(
    user: AbstractBaseUser, case_tasks: list[CaseTask], *, to_user: AbstractBaseUser
) -> list[CaseTask]:
    """Assign many tasks at once; all or nothing, so a refused task leaves the others as they were."""
    with transaction.atomic():
        return [task_reassign(user, case_task, to_user=to_user) for case_task in case_tasks]


def _require_leads(user: AbstractBaseUser, case_task: CaseTask) -> None:
    if case_task.council_id not in council_ids_for(user, "lead_teams"):
        raise NotAllowed("Only team leaders can reassign tasks")
    if not user.is_superuser and not team_member_is(user, case_task.team, role="team_leader"):
        raise NotAllowed("Only a leader of this task's team can reassign it")


def _require_separate(user: AbstractBaseUser, case_task: CaseTask, flow_class: type) -> None:
    refusal = duty_refusal(user, case_task, definition_step(flow_class, case_task.step_id) or {})
    if refusal:
        raise NotAllowed(refusal)


def _require_open(case_task: CaseTask, task) -> None:
    if not case_task.is_open or task.status not in OPEN_TASK_STATUSES:
        raise TaskNotAvailable("This task has already been completed or cancelled")


def _require_may_work(user: AbstractBaseUser, case_task: CaseTask) -> None:
    if case_task.council_id not in council_ids_for(user, "work_cases"):
        raise NotAllowed("You do not work on this council's cases")
    if user.is_superuser:
        return
    if case_task.team_id and not team_member_is(user, case_task.team, role=case_task.required_role):
        role = " as a team leader" if case_task.required_role == "team_leader" else ""
        raise NotAllowed(f"Only members of {case_task.team.name}{role} can claim this task")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()
