"""viewflow node subclasses the compiler needs beyond viewflow's own set."""
from __future__ import annotations

from typing import Callable

from contextlib import contextmanager

from django.db import transaction
from viewflow.workflow import flow
from viewflow.workflow.flow.nodes import TimerBoundary
from viewflow.workflow.activation import Activation
from viewflow.workflow.lock import lock_scope
from viewflow.workflow.nodes.start import StartHandleActivation
from viewflow.workflow.signals import flow_started, task_started
from viewflow.workflow.nodes.boundary import TimerBoundaryActivation
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.handle import HandleActivation
from viewflow.workflow.status import STATUS


@contextmanager
def _no_lock(flow_class, process_pk):
    yield


class CaseStartActivation(StartHandleActivation):
    """viewflow's start, minus three things a case's start never needs.

    The start function (runtime.case_started) has already inserted the case, so viewflow's second save
    of process and case is skipped; the row is uncommitted and so invisible to every other transaction,
    so the SELECT ... FOR UPDATE lock is skipped (lock_scope still runs what waits for lock release);
    and no savepoint is made: a failure anywhere rolls the whole submission back anyway. Seven SQL
    statements fewer on every submission (docs/architecture.md).
    """

    @Activation.status.super()
    def execute(self):
        task_started.send(sender=self.flow_class, process=self.process, task=self.task)
        with transaction.atomic(savepoint=False):
            if self.process.pk is None:
                self.process.save()
            with lock_scope(_no_lock, self.flow_class, self.process.pk):
                self.complete()
                flow_started.send(sender=self.flow_class, process=self.process, task=self.task)
                self.activate_next()


class CaseStart(flow.StartHandle):
    """The start node of every compiled flow: see CaseStartActivation."""

    activation_class = CaseStartActivation


class OutcomeEndActivation(EndActivation):
    """Records the case outcome, then finishes the process as viewflow's End does."""

    @Activation.status.super()
    def activate(self):
        from . import runtime

        runtime.case_end_reached(self, step_id=self.flow_task.name, outcome=self.flow_task.outcome)
        super().activate.original()


class OutcomeEnd(flow.End):
    activation_class = OutcomeEndActivation

    def __init__(self, outcome: str, **kwargs):
        super().__init__(**kwargs)
        self.outcome = outcome


def officer_task_view(request, **kwargs):  # pragma: no cover - never routed
    """Placeholder: officers work tasks through Councilflow's own views (/work/tasks/<pk>/), not viewflow's."""
    raise NotImplementedError


class WaitActivation(HandleActivation):
    """A wait step: on arrival it runs its `on_enter` hook (status, outbox), then stays NEW until resumed."""

    @Activation.status.super()
    def activate(self):
        if self.flow_task.on_enter is not None:
            self.flow_task.on_enter(self)

    @Activation.status.transition(source=STATUS.NEW, target=STATUS.CANCELED)
    def cancel(self):
        """Cancelled by its timeout: viewflow only disarms boundaries of a *finished* host, so disarm the rest here."""
        super().cancel.original()
        armed = self.flow_class.task_class._default_manager.filter(
            previous=self.task, flow_task_type="TIMER", status__in=[STATUS.NEW, STATUS.SCHEDULED]
        )
        for task in armed:
            activation = task.flow_task.activation_class(task)
            if activation.cancel.can_proceed():
                activation.cancel()


class Wait(flow.Handle):
    """Waits for something outside the engine (the resident, a back office); `workflows.waits` resumes it."""

    activation_class = WaitActivation

    def __init__(self, *, on_enter: Callable | None = None, **kwargs):
        super().__init__(**kwargs)
        self.on_enter = on_enter


class ActionTimerActivation(TimerBoundaryActivation):
    """A non-interrupting timer on a task that does one thing (remind, escalate) and leads nowhere."""

    @Activation.status.transition(source=STATUS.STARTED)
    def execute(self):
        self.complete()
        self.flow_task.action(self)


class ActionTimer(TimerBoundary):
    """Armed with its host task and cancelled with it, so a finished task is never reminded or escalated.

    viewflow persists the due moment on the task row and fires it under the case's flow lock exactly once.
    """

    activation_class = ActionTimerActivation

    def __init__(self, attached_to, *, delay: Callable, action: Callable, **kwargs):
        super().__init__(attached_to, delay=delay, interrupting=False, **kwargs)
        self.action = action


class TimeoutTimerActivation(TimerBoundaryActivation):
    @Activation.status.transition(source=STATUS.STARTED)
    def execute(self):
        self.flow_task.on_fire(self)
        super().execute.original()


class TimeoutTimer(TimerBoundary):
    """An interrupting timeout on a wait: records why the case moved on, cancels the wait, takes `timeout.next`."""

    activation_class = TimeoutTimerActivation

    def __init__(self, attached_to, *, delay: Callable, on_fire: Callable, **kwargs):
        super().__init__(attached_to, delay=delay, interrupting=True, **kwargs)
        self.on_fire = on_fire
