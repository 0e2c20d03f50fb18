"""Assignment rules of a workflow task step: which team's queue, or which officer, gets a new task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from councils.models import Team, TeamMembership
from councils.teams import team_by_slug
from workflows.assignment_rules import team_from_resolve
from workflows.runtime import case_context

from .duties import duty_exclusions
from .models import Case, CaseTask

User = get_user_model()


@dataclass
class Assignment:
    team: Team | None
    owner: object | None = None
    required_role: str = ""


def assignment_resolve(case: Case, rule: dict, *, step: dict | None = None) -> Assignment:
    """Turn a step's `assign` rule into a team queue and, for officer rules, an owner.

    Officers the step's `not_by` keeps from the task are never picked by least_loaded or round_robin.
    """
    excluded = {e.user_id for e in duty_exclusions(case, step)} if step else set()
    if "team_from" in rule:
        slug = team_from_resolve(rule["team_from"], case_context(case))
        return Assignment(team=team_by_slug(case.council, slug))
    if "same_as" in rule:
        earlier = (
            CaseTask.objects.filter(case=case, step_id=rule["same_as"], completed_by__isnull=False)
            .select_related("team", "completed_by")
            .order_by("-completed_at")
            .first()
        )
        if earlier is None:
            return Assignment(team=None)
        return Assignment(team=earlier.team, owner=earlier.completed_by)
    team_slug = rule.get("team") or rule.get("least_loaded") or rule.get("round_robin")
    team = team_by_slug(case.council, team_slug or "")  # no slug: Team.DoesNotExist, as before
    if "least_loaded" in rule:
        return Assignment(team=team, owner=_least_loaded_member(team, excluded))
    if "round_robin" in rule:
        return Assignment(team=team, owner=_next_in_turn(team, excluded))
    return Assignment(team=team, required_role=rule.get("role", ""))


def _members(team: Team, excluded: set[int] | None = None) -> QuerySet:
    members = User.objects.filter(team_memberships__team=team, is_active=True)
    return members.exclude(pk__in=excluded or set()).order_by("pk")


def _least_loaded_member(team: Team, excluded: set[int]) -> Any:
    open_tasks = Count("task", filter=Q(task__case_task__is_open=True))
    return _members(team, excluded).annotate(open_tasks=open_tasks).order_by("open_tasks", "pk").first()


def _next_in_turn(team: Team, excluded: set[int]) -> Any:
    members = list(_members(team, excluded))
    if not members:
        return None
    last = (
        CaseTask.objects.filter(team=team, task__owner__isnull=False)
        .order_by("-created_at", "-pk")
        .values_list("task__owner_id", flat=True)
        .first()
    )
    ids = [m.pk for m in members]
    if last not in ids:
        return members[0]
    return members[(ids.index(last) + 1) % len(members)]


def team_member_is(user, team: Team | None, *, role: str = "") -> bool:
    if team is None:
        return False
    memberships = TeamMembership.objects.filter(team=team, user=user)
    if role == "team_leader":
        memberships = memberships.filter(is_leader=True)
    return memberships.exists()
