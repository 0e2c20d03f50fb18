"""casework's implementation of the engine's `workflows.ports.CaseHooks`, registered in CaseworkConfig.ready()."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from .events import case_event_record
from .models import Case, CaseTask, EventKind
from .ports import connector_call_enqueue
from .services.deferred_choice import case_choice_decided
from .services.editing import case_field_set_by_workflow
from .services.escalation import case_task_escalate, case_task_remind
from .services.notifications import case_notification_queue
from .services.status import case_end, case_status_change
from .services.submission import case_initialise
from .services.task_interrupt import case_task_instance_cancelled, case_task_interrupt
from .services.tasks import case_task_open
from .services.waits import case_wait_enter, case_wait_leave, case_wait_remind


def case_task_of(task_id: int) -> CaseTask | None:
    """The queue row of viewflow task `task_id` (a boundary timer's host), with its case."""
    return CaseTask.objects.filter(task_id=task_id).select_related("case", "task").first()


def case_migrated(case: Case, *, source, target, actor: AbstractBaseUser | None, steps: list[str]) -> None:
    """workflows.migrate moved the running case to another published version of its workflow."""
    case_event_record(
        case,
        EventKind.STATUS_CHANGED,
        f"Moved from workflow version {source.version} to version {target.version}",
        actor=actor,
        detail={"migrated": True, "from": source.pk, "to": target.pk, "steps": steps},
    )


class CaseworkEngineHooks:
    """The case side of every engine step: each attribute is the casework function of the same name."""

    process_class = Case
    case_initialise = staticmethod(case_initialise)
    case_task_open = staticmethod(case_task_open)
    case_status_change = staticmethod(case_status_change)
    case_field_set_by_workflow = staticmethod(case_field_set_by_workflow)
    case_notification_queue = staticmethod(case_notification_queue)
    case_end = staticmethod(case_end)
    case_task_of = staticmethod(case_task_of)
    case_task_remind = staticmethod(case_task_remind)
    case_task_escalate = staticmethod(case_task_escalate)
    case_task_interrupt = staticmethod(case_task_interrupt)
    case_task_instance_cancelled = staticmethod(case_task_instance_cancelled)
    case_wait_enter = staticmethod(case_wait_enter)
    case_wait_remind = staticmethod(case_wait_remind)
    case_wait_leave = staticmethod(case_wait_leave)
    case_choice_decided = staticmethod(case_choice_decided)
    connector_call_enqueue = staticmethod(connector_call_enqueue)
    case_migrated = staticmethod(case_migrated)
