"""Officer pages for data protection: one customer's records, subject access export, erasure, legal hold.

Only council administrators (the `administer` permission on the customer's council) may use them; everyone else
gets a 403 page that says so. Thin: look the customer up through the scoping layer, call one service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from councils.scoping import council_ids_for

from .exceptions import SubmissionInvalid
from .models import Customer
from .services.erasure import case_erasure_blocker, customer_cases, customer_erase, customer_records
from .services.legal_hold import case_legal_hold_set
from .services.subject_access import customer_subject_access_export

PERMISSION = "administer"


def _customer_or_403(request: HttpRequest, pk: int) -> Customer | HttpResponse:
    """The customer if this user administers its council; 404 if they may not even see it."""
    visible = {*council_ids_for(request.user, "work_cases"), *council_ids_for(request.user, PERMISSION)}
    customer = Customer.objects.select_related("council").filter(pk=pk, council_id__in=visible).first()
    if customer is None:
        raise Http404("No such customer")
    if customer.council_id not in council_ids_for(request.user, PERMISSION):
        return render(request, "casework/data_protection/customer.html", {"not_admin": True}, status=403)
    return customer


def _page(
    request: HttpRequest,
    customer: Customer,
    *,
    result: object = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    cases = [(case, case_erasure_blocker(case)) for case in customer_cases(customer)]
    context = {
        "customer": customer,
        "records": customer_records(customer),
        "cases": cases,
        "erasable": [case for case, blocker in cases if not blocker],
        "result": result,
        "errors": errors or {},
    }
    return render(request, "casework/data_protection/customer.html", context, status=status)


@login_required
def customer_data_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = _customer_or_403(request, pk)
    return found if isinstance(found, HttpResponse) else _page(request, found)


@login_required
@require_POST
def customer_subject_access_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = _customer_or_403(request, pk)
    if isinstance(found, HttpResponse):
        return found
    export = customer_subject_access_export(request.user, found)
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def customer_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = _customer_or_403(request, pk)
    if isinstance(found, HttpResponse):
        return found
    if request.POST.get("confirm") != "yes":
        errors = {"confirm": "Tick the box to confirm the resident asked for their personal data to be erased"}
        return _page(request, found, errors=errors, status=400)
    result = customer_erase(request.user, found)
    found.refresh_from_db()
    return _page(request, found, result=result)


@login_required
@require_POST
def case_legal_hold_view(request: HttpRequest, pk: int) -> HttpResponse:
    found = _customer_or_403(request, pk)
    if isinstance(found, HttpResponse):
        return found
    case = customer_cases(found).filter(reference=request.POST.get("case", "")).first()
    if case is None:
        raise Http404("No such case for this customer")
    hold = request.POST.get("hold") == "on"
    try:
        case_legal_hold_set(request.user, case, reason=request.POST.get("reason", ""), hold=hold)
    except SubmissionInvalid as exc:
        return _page(request, found, errors={f"reason-{case.reference}": exc.errors["reason"]}, status=400)
    messages.success(request, f"{case.reference}: {'put on legal hold' if hold else 'legal hold lifted'}.")
    return redirect("casework:customer_data", pk=found.pk)
