"""Reading cases and tasks for officers. Everything starts from the scoping layer in councils.scoping."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from councils.models import Team, TeamMembership
from councils.scoping import council_ids_for, scope_to_councils

from .models import Case, CaseEvent, CaseTask, Customer, Service


def officer_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    return scope_to_councils(Case.objects.all(), user)


def officer_council_ids(user: AbstractBaseUser) -> list[int]:
    return council_ids_for(user, "work_cases")


def officer_customers(user: AbstractBaseUser) -> QuerySet[Customer]:
    return scope_to_councils(Customer.objects.all(), user)


def officer_services(user: AbstractBaseUser) -> QuerySet[Service]:
    return scope_to_councils(Service.objects.all(), user).select_related("council").order_by("council__name", "name")


def officer_case_get(user: AbstractBaseUser, reference: str) -> Case:
    """The case if this officer may see it; otherwise 404, so other councils' references are not revealed."""
    case = (
        officer_cases(user)
        .select_related("council", "service", "customer", "form_version", "workflow_version")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No such case")
    return case


def officer_tasks(user: AbstractBaseUser) -> QuerySet[CaseTask]:
    return scope_to_councils(CaseTask.objects.all(), user).select_related(
        "case", "case__service", "team", "task", "task__owner"
    )


def officer_task_get(user: AbstractBaseUser, pk: int) -> CaseTask:
    task = officer_tasks(user).filter(pk=pk).first()
    if task is None:
        raise Http404("No such task")
    return task


def officer_teams(user: AbstractBaseUser) -> QuerySet[Team]:
    members = Prefetch(
        "memberships",
        queryset=TeamMembership.objects.select_related("user").order_by("user__first_name"),
        to_attr="membership_list",
    )
    return (
        scope_to_councils(Team.objects.filter(memberships__user=user), user)
        .select_related("council")
        .prefetch_related(members)
        .distinct()
    )


def task_queue_for_team(user: AbstractBaseUser, team: Team) -> QuerySet[CaseTask]:
    return officer_tasks(user).filter(team=team, is_open=True, owner__isnull=True).order_by("due_at", "created_at")


def case_open_tasks(case: Case) -> QuerySet[CaseTask]:
    return case.case_tasks.filter(is_open=True).select_related("team", "task", "task__owner")


def case_timeline(case: Case, *, newest_first: bool = True, kinds: list[str] | None = None) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor", "task")
    if kinds:
        events = events.filter(kind__in=kinds)
    return events.order_by("-at", "-pk") if newest_first else events.order_by("at", "pk")


def resident_timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.filter(resident_visible=True).order_by("-at", "-pk")


def customer_other_cases(case: Case) -> QuerySet[Case]:
    if not case.customer_id:
        return Case.objects.none()
    return (
        Case.objects.filter(customer_id=case.customer_id, council_id=case.council_id)
        .exclude(pk=case.pk)
        .select_related("service")
        .order_by("-submitted_at")[:20]
    )
