"""viewflow node subclasses the compiler needs beyond viewflow's own set."""
from __future__ import annotations

from typing import Callable

from viewflow.workflow import flow
from viewflow.workflow.flow.nodes import TimerBoundary
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.boundary import TimerBoundaryActivation
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.handle import HandleActivation
from viewflow.workflow.status import STATUS


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
