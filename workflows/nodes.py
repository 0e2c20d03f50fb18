"""viewflow node subclasses the compiler needs beyond viewflow's own set."""
from __future__ import annotations

from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.end import EndActivation


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
