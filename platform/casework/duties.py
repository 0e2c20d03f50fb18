"""Separation of duties on the case side: who may not do a task, and why, from its step's `not_by`.

Checked when a task is claimed, assigned (by a leader or an assignment rule) and completed, so a four-eyes
approval can never end up with the officer who drafted it, whichever way the task reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from workflows.duties import ANYONE_ON_CASE

from .milestones import milestone_refusal
from .models import Case, CaseTask


@dataclass(frozen=True)
class Excluded:
    """One officer kept from the task, and the earlier task they did."""

    user_id: int
    did: str  # the title of the task they did


def duty_exclusions(case: Case, step: dict, *, current: CaseTask | None = None) -> list[Excluded]:
    """Who must not do `step` on `case`: whoever completed the tasks it names (or any task, for anyone_on_case)."""
    not_by = step.get("not_by")
    if not not_by:
        return []
    done = CaseTask.objects.filter(case=case, completed_by__isnull=False)
    if not_by != ANYONE_ON_CASE:
        done = done.filter(step_id__in=not_by)
    if current is not None:
        done = done.exclude(pk=current.pk)
    found: dict[int, Excluded] = {}
    for user_id, title in done.order_by("completed_at", "pk").values_list("completed_by_id", "title"):
        found.setdefault(user_id, Excluded(user_id, title))
    return list(found.values())


def duty_refusal(user: AbstractBaseUser, case_task: CaseTask, step: dict, *, by_leader: bool = False) -> str:
    """Why `user` may not do this task ("" when they may), worded for them or for the leader assigning it."""
    milestone = milestone_refusal(case_task, step)  # a milestone task outside its status: nobody may, for now
    if milestone:
        return milestone
    excluded = next((e for e in duty_exclusions(case_task.case, step, current=case_task) if e.user_id == user.pk), None)
    if excluded is None:
        return ""
    who = _name(user) if by_leader else "You"
    verb = "did" if step.get("not_by") != ANYONE_ON_CASE else "already worked on this case with"
    return f"{who} {verb} “{excluded.did}”, so someone else must do “{case_task.title}” (separation of duties)"


def _name(user: AbstractBaseUser) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or user.get_username()
