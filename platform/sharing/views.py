"""Officer pages of the partnership library: what is shared, by whom, what is newer. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casework.exceptions import CaseworkError
from casework.selectors import officer_case_get
from casework.services.referral import case_refer
from councils.models import Council
from councils.scoping import council_ids_for

from . import selectors
from .services.library import library_updates_for
from .services.packages import service_package_parse


@login_required
def library(request: HttpRequest) -> HttpResponse:
    entries = list(selectors.library_entries_visible(request.user))
    designed = Council.objects.filter(pk__in=council_ids_for(request.user, "design_services"))
    updates = [(council, update) for council in designed for update in library_updates_for(council)]
    return render(request, "sharing/library.html", {"entries": entries, "updates": updates})


@login_required
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    library_entry = selectors.library_entry_get(request.user, pk)
    package = service_package_parse(library_entry.package)
    return render(request, "sharing/entry.html", {"entry": library_entry, "package": package})


@login_required
def entry_download(request: HttpRequest, pk: int) -> HttpResponse:
    library_entry = selectors.library_entry_get(request.user, pk)
    response = HttpResponse(library_entry.package, content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="{library_entry.source_council.slug}-{library_entry.service_slug}-v{library_entry.version}.councilflow.json"'
    )
    return response


@login_required
def case_refer_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer a case to another council of the same partnership (a 404 for cases the officer cannot see)."""
    case = officer_case_get(request.user, reference)
    councils = (
        Council.objects.filter(partnerships__councils=case.council)
        .exclude(pk=case.council_id)
        .distinct()
        .order_by("name")
    )
    error = ""
    if request.method == "POST":
        to_council = councils.filter(pk=request.POST.get("council") or 0).first()
        if to_council is None:
            error = "Choose the council to refer the case to"
        else:
            try:
                new_case = case_refer(
                    case, to_council=to_council, actor=request.user, reason=request.POST.get("reason", "")
                )
            except CaseworkError as exc:
                error = str(exc)
            else:
                messages.success(
                    request, f"{case.reference} was referred to {to_council.name} as {new_case.reference}."
                )
                return redirect("casework:case", reference=case.reference)
    return render(
        request, "sharing/refer.html", {"case": case, "councils": councils, "error": error, "posted": request.POST}
    )
