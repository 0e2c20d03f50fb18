"""Officer pages of the SLA clock: extending a case's due date, and the team leaders' late-cases list."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import sla_selectors
from .case_views import _edit
from .services.extensions import case_due_extend


@login_required
@require_POST
def case_extend_view(request: HttpRequest, reference: str) -> HttpResponse:
    days, reason = request.POST.get("working_days", ""), request.POST.get("reason", "")
    user = cast(AbstractBaseUser, request.user)  # login_required
    return _edit(
        request,
        reference,
        lambda case, v: case_due_extend(user, case, working_days=days, reason=reason, version=v),
        {"extend_days": days, "extend_reason": reason},
        "Due date extended.",
    )


@login_required
def sla_late_cases(request: HttpRequest) -> HttpResponse:
    """Breached and at-risk cases, and overdue tasks, in the councils where the user leads teams."""
    if not sla_selectors.leader_council_ids(request.user):
        return render(request, "casework/sla.html", {"not_leader": True}, status=403)
    now = timezone.now()
    context = {
        "breached": sla_selectors.sla_breached_cases(request.user),
        "at_risk": sla_selectors.sla_at_risk_cases(request.user, now=now),
        "late_tasks": sla_selectors.sla_breached_tasks(request.user),
        "at_risk_hours": sla_selectors.AT_RISK_WORKING_HOURS,
        "limit": sla_selectors.LIST_LIMIT,
        "now": now,
    }
    return render(request, "casework/sla.html", context)
