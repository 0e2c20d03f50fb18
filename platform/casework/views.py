"""Officer workspace pages: inbox, task actions, search and assisted case creation. Thin views.

The case page and its edit actions live in case_views.py.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from councils.scoping import council_ids_for
from form_definitions.coerce import answers_from_post
from form_definitions.fields import form_fields
from workflows.registry import definition_step, flow_class_for
from workflows.task_forms import task_form_fields

from . import selectors
from .exceptions import CaseworkError, ServiceNotAccepting, SubmissionInvalid
from .models import CaseStatus, Channel
from .queues import SLA_STATES, InboxFilters, inbox_page, queue_counts, queue_previews, sla_state
from .search import SearchFilters, case_search
from .services.presence import presence_by_case
from .services.submission import case_submit
from .services.task_interrupt import task_officer_action
from .services.tasks import task_claim, task_complete, task_reassign, task_release, tasks_bulk_assign
from .task_page import task_page_context

ASSISTED_CHANNELS = [c for c in Channel.choices if c[0] != Channel.WEB]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Without `queue`: an overview (my tasks, then each team's most urgent unclaimed); with it: one queue, filtered and paged."""
    teams = list(selectors.officer_teams(request.user))
    queue = request.GET.get("queue", "")
    team = next((t for t in teams if str(t.pk) == queue), None)
    if queue != "mine" and team is None:
        queue = ""
    filters = InboxFilters.from_query(request.GET)
    page = inbox_page(request.user, queue or "mine", filters, after=request.GET.get("after", ""))
    previews = queue_previews(request.user, teams) if not queue else {}
    rows = page.tasks + [t for tasks in previews.values() for t in tasks]
    now = timezone.now()
    presence = presence_by_case([t.case_id for t in rows], request.user)
    statuses, channels = (
        dict(CaseStatus.choices),
        dict(Channel.choices),
    )  # get_*_display re-translates every choice per call
    for row in rows:
        row.sla = sla_state(row.due_at, now)
        row.others_here = presence.get(row.case_id, [])
        row.status_label, row.channel_label = statuses.get(row.case.case_status, ""), channels.get(row.case.channel, "")
    leads = (
        team is not None
        and team.council_id in council_ids_for(request.user, "lead_teams")
        and any(m.user_id == request.user.pk and m.is_leader for m in team.membership_list)
    )
    context = {
        "teams": teams,
        "queue": queue,
        "team": team,
        "counts": queue_counts(request.user, teams, unclaimed=not queue),  # only the overview shows unclaimed
        "page": page,
        "previews": [(t, previews.get(t.pk, [])) for t in teams],
        "filters": filters,
        "filter_query": filters.as_query(),
        "services": selectors.officer_services(request.user) if queue else [],
        "statuses": CaseStatus.choices,
        "sla_states": SLA_STATES.items(),
        "channels": Channel.choices,
        "members": [m.user for m in team.membership_list] if team else [],
        "is_leader": leads,
        "now": now,
    }
    return render(request, "casework/inbox.html", context)


@login_required
@require_POST
def task_claim_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = selectors.officer_task_get(_signed_in(request), pk)
    try:
        task_claim(request.user, case_task)
        messages.success(request, f"You claimed “{case_task.title}” for {case_task.case.reference}.")
    except CaseworkError as exc:
        messages.error(request, str(exc))
    return redirect(_safe_next(request) or "casework:inbox")


@login_required
@require_POST
def task_action_view(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """A task's `cancel_on` officer action: the task ends and the case moves on (casework.services.task_interrupt)."""
    case_task = selectors.officer_task_get(_signed_in(request), pk)
    try:
        steps = task_officer_action(_signed_in(request), case_task, index=index)
        messages.success(request, f"“{case_task.title}” stopped; the case moved on ({', '.join(steps)}).")
    except CaseworkError as exc:
        messages.error(request, str(exc))
    return redirect("casework:case", reference=case_task.case.reference)


@login_required
@require_POST
def task_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = selectors.officer_task_get(_signed_in(request), pk)
    try:
        task_release(request.user, case_task)
        messages.success(request, f"“{case_task.title}” is back in the {case_task.team} queue.")
    except CaseworkError as exc:
        messages.error(request, str(exc))
    return redirect(_safe_next(request) or "casework:inbox")


@login_required
@require_POST
def task_reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = selectors.officer_task_get(_signed_in(request), pk)
    to_user = _officer_or_404(request.POST.get("to_user", ""))
    try:
        task_reassign(request.user, case_task, to_user=to_user)
        messages.success(request, f"“{case_task.title}” assigned to {to_user.get_full_name() or to_user.username}.")
    except CaseworkError as exc:
        messages.error(request, str(exc))
    return redirect(_safe_next(request) or "casework:inbox")


@login_required
@require_POST
def tasks_bulk_assign_view(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("tasks") if i.isdigit()]
    case_tasks = list(selectors.officer_tasks(request.user).filter(pk__in=ids))
    to_user = _officer_or_404(request.POST.get("to_user", ""))
    if not case_tasks:
        messages.error(request, "Select at least one task")
    else:
        try:
            tasks_bulk_assign(request.user, case_tasks, to_user=to_user)
            messages.success(
                request, f"{len(case_tasks)} task(s) assigned to {to_user.get_full_name() or to_user.username}."
            )
        except CaseworkError as exc:
            messages.error(request, f"Nothing was assigned: {exc}")
    return redirect(_safe_next(request) or "casework:inbox")


def _signed_in(request: HttpRequest) -> AbstractBaseUser:
    """The officer behind a @login_required view (typed: request.user is also AnonymousUser to mypy)."""
    return cast(AbstractBaseUser, request.user)


def _officer_or_404(pk: str):
    user = get_user_model().objects.filter(pk=pk if pk.isdigit() else 0, is_active=True).first()
    if user is None:
        raise Http404("No such officer")
    return user


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else ""


@login_required
def task_work(request: HttpRequest, pk: int) -> HttpResponse:
    """The task page: the case at a glance beside the task's form and outcome; posting completes the task."""
    case_task = selectors.officer_task_get(_signed_in(request), pk)
    step = _task_step(case_task)
    errors: dict[str, str] = {}
    answers: dict = {}
    if request.method == "POST":
        answers = answers_from_post(task_form_fields(step), request.POST)
        try:
            task_complete(request.user, case_task, outcome=request.POST.get("outcome", ""), task_answers=answers)
        except SubmissionInvalid as exc:
            errors = exc.errors
        except CaseworkError as exc:
            messages.error(request, str(exc))
            return redirect("casework:case", reference=case_task.case.reference)
        else:
            messages.success(request, f"“{case_task.title}” completed for {case_task.case.reference}.")
            return redirect("casework:case", reference=case_task.case.reference)
    context = task_page_context(case_task, step, answers=answers, errors=errors)
    return render(request, "casework/task.html", context, status=400 if errors else 200)


def _task_step(case_task) -> dict:
    return definition_step(flow_class_for(case_task.case.workflow_version_id), case_task.step_id) or {}


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    service = request.GET.get("service", "")
    filters = SearchFilters(
        status=request.GET.get("status", ""),
        service_id=int(service) if service.isdigit() else None,
        channel=request.GET.get("channel", ""),
    )
    results = case_search(request.user, query, filters=filters) if query.strip() else []
    statuses = dict(CaseStatus.choices)
    for case in results:
        case.status_label = statuses.get(case.case_status, "")
    context = {
        "query": query,
        "results": results,
        "filters": filters,
        "services": selectors.officer_services(request.user),
        "statuses": CaseStatus.choices,
        "channels": Channel.choices,
    }
    return render(request, "casework/search.html", context)


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    """Assisted channels: the officer fills in the service's own form for a resident who phoned or called in."""
    services = [s for s in selectors.officer_services(request.user) if s.accepts_cases]
    service = next(
        (s for s in services if str(s.pk) == request.GET.get("service", request.POST.get("service", ""))), None
    )
    if service is None:
        return render(request, "casework/case_create.html", {"services": services})
    fields = [f for f in form_fields(service.form.schema, service.form.ui_schema) if f.widget != "file"]
    answers: dict = {}
    errors: dict[str, str] = {}
    channel = request.POST.get("channel", Channel.PHONE)
    token = request.POST.get("submission_token") or uuid.uuid4().hex
    if request.method == "POST":
        answers = answers_from_post(fields, request.POST)
        if channel not in dict(ASSISTED_CHANNELS):
            errors["channel"] = "Select how the resident contacted you"
        else:
            try:
                case = case_submit(
                    service=service, answers=answers, channel=channel, actor=request.user, submission_token=token[:64]
                )
            except SubmissionInvalid as exc:
                errors = exc.errors
            except ServiceNotAccepting as exc:
                raise Http404(str(exc)) from exc
            else:
                messages.success(request, f"Case {case.reference} created for the resident.")
                return redirect("casework:case", reference=case.reference)
    context = {
        "services": services,
        "service": service,
        "fields": fields,
        "answers": answers,
        "errors": errors,
        "channels": ASSISTED_CHANNELS,
        "channel": channel,
        "submission_token": token,
    }
    return render(request, "casework/case_create.html", context, status=400 if errors else 200)
