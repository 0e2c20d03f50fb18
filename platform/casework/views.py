"""Officer workspace pages. Thin: parse input, call one service or selector, render."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from form_definitions.fields import form_fields, answer_display

from . import selectors
from .exceptions import CaseworkError, SubmissionInvalid
from .models import CaseStatus
from .services.tasks import task_claim, task_complete, task_release


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    teams = list(selectors.officer_teams(request.user))
    queues = [(team, list(selectors.task_queue_for_team(request.user, team)[:100])) for team in teams]
    mine = list(selectors.tasks_assigned_to(request.user)[:100])
    return render(request, "casework/inbox.html", {"my_tasks": mine, "queues": queues, "now": timezone.now()})


@login_required
@require_POST
def task_claim_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = selectors.officer_task_get(request.user, pk)
    try:
        task_claim(request.user, case_task)
        messages.success(request, f"You claimed “{case_task.title}” for {case_task.case.reference}.")
    except CaseworkError as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("next") or "casework:inbox")


@login_required
@require_POST
def task_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = selectors.officer_task_get(request.user, pk)
    try:
        task_release(request.user, case_task)
        messages.success(request, f"“{case_task.title}” is back in the {case_task.team} queue.")
    except CaseworkError as exc:
        messages.error(request, str(exc))
    return redirect("casework:inbox")


@login_required
def task_work(request: HttpRequest, pk: int) -> HttpResponse:
    case_task = selectors.officer_task_get(request.user, pk)
    step = _task_step(case_task)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            task_complete(request.user, case_task, outcome=request.POST.get("outcome", ""))
        except SubmissionInvalid as exc:
            errors = exc.errors
        except CaseworkError as exc:
            messages.error(request, str(exc))
            return redirect("casework:case", reference=case_task.case.reference)
        else:
            messages.success(request, f"“{case_task.title}” completed for {case_task.case.reference}.")
            return redirect("casework:case", reference=case_task.case.reference)
    status = 400 if errors else 200
    return render(request, "casework/task.html", {"case_task": case_task, "case": case_task.case, "step": step, "errors": errors}, status=status)


@login_required
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.officer_case_get(request.user, reference)
    fields = form_fields(case.form_version.schema, case.form_version.ui_schema)
    answers = [(f.label, answer_display(f, case.answers[f.name])) for f in fields if f.name in case.answers]
    context = {
        "case": case,
        "answers": answers,
        "open_tasks": selectors.case_open_tasks(case),
        "timeline": selectors.case_timeline(case),
        "other_cases": selectors.customer_other_cases(case),
        "is_finished": case.case_status in (CaseStatus.CLOSED, CaseStatus.RESOLVED),
    }
    return render(request, "casework/case.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = selectors.case_search_basic(request.user, query)
    return render(request, "casework/search.html", {"query": query, "results": results})


def _task_step(case_task) -> dict:
    for step in case_task.case.workflow_version.definition.get("steps", []):
        if step.get("id") == case_task.step_id:
            return step
    return {}
