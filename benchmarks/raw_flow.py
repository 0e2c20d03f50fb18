"""The raw-engine peer of a resident submission: a plain django-viewflow flow of the same shape.

StartHandle → one View task assigned to an officer → End, on viewflow's own `Process` and `Task` models,
with none of Councilflow's hooks (no case row, customer, events, search document, reporting facts or
outbox). It uses the same lock as Councilflow's flows, so the ratio measures our layer, not the lock.
Import it only after `django.setup()`; the benchmark harness installs `benchmarks` as an app so that
viewflow can store the reference `benchmarks/raw_flow.RawBenchFlow`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.models import Process


def raw_task_view(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """Never served: the benchmark drives the engine directly, as `case_submit` does."""
    return HttpResponse(status=404)


class RawBenchFlow(flow.Flow):
    """Raw viewflow peer of a submission"""

    process_class = Process
    lock_impl = select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.review)
    review = flow.View(raw_task_view).Assign(this.review_owner).Next(this.done)
    done = flow.End()

    def start_process(self, activation, *, answers: dict, owner: AbstractBaseUser) -> Process:
        # The answers are kept, like a case's; the owner's id is enough to assign the task (no look-up).
        activation.process.data = {"answers": answers, "owner_id": owner.pk}
        return activation.process

    def review_owner(self, activation) -> AbstractBaseUser:
        return get_user_model()(pk=activation.process.data["owner_id"])
