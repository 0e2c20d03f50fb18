"""Withdrawing a request from its tracking page: a confirm page, then every open step of the case ends."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.exceptions import SubmissionInvalid
from casework.services.cancellation import MAX_REASON, WithdrawalRefused, case_withdraw, case_withdrawal_refusal

from ..language import resident_language
from .common import TrackingLinkBad, case_from_token, link_invalid, resident_page

REFUSALS = {
    "finished": gettext_lazy("This case has already been dealt with, so it cannot be withdrawn."),
    "not_allowed": gettext_lazy("This request cannot be withdrawn online. Contact the council to stop it."),
    "too_late": gettext_lazy(
        "This request can no longer be withdrawn online because the work has been arranged. "
        "Contact the council to stop it."
    ),
}


def case_withdraw_form(request: HttpRequest, token: str) -> HttpResponse:
    """GET: "Are you sure?" (or why it cannot be withdrawn); POST: withdraw, back to the tracking page."""
    try:
        case = case_from_token(token)
    except TrackingLinkBad as exc:
        return link_invalid(request, exc.reason)
    resident_language(request, case.council, usual=case.language)
    errors: dict[str, str] = {}
    reason = ""
    refusal = case_withdrawal_refusal(case)
    if request.method == "POST" and not refusal:
        reason = request.POST.get("reason", "")
        if len(reason.strip()) > MAX_REASON:
            errors["reason"] = _("Your reason must be 2,000 characters or fewer")
        else:
            try:
                case_withdraw(case, reason=reason)
            except WithdrawalRefused as exc:  # something changed since the page was drawn (another tab, an officer)
                refusal = exc.why
            except SubmissionInvalid:
                errors["reason"] = _("Your reason must be 2,000 characters or fewer")
            else:
                return redirect(reverse("portal:track", args=[token]) + "?withdrawn=1")
    context = {
        "case": case,
        "council": case.council,
        "token": token,
        "reason": reason,
        "refusal": REFUSALS.get(refusal, ""),
        "errors": errors,
        "error_list": list(errors.items()),
    }
    status = 400 if errors else (409 if refusal and request.method == "POST" else 200)
    return resident_page(request, "portal/withdraw.html", context, status=status)
