"""Tracking a case from its signed link: status, resident-visible timeline, add information, confirm or reopen."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casework.exceptions import CaseworkError
from casework.models import Case, CaseStatus, EventKind
from casework.selectors import resident_timeline
from casework.services.resident import NothingToAdd, case_information_add
from casework.services.resolution import case_reopen, case_resolution_confirm
from form_definitions.fields import answer_display, form_fields

from ..ratelimit import client_ip, rate_limited
from ..uploads import UploadRejected, accepted_types_describe, resident_file, size_describe, upload_check, upload_limit_bytes
from .common import TrackingLinkBad, case_from_token, link_invalid, too_many_requests

STATUS_EXPLAINED = {
    CaseStatus.OPEN: "We have received your request. It is waiting for an officer to pick it up.",
    CaseStatus.IN_PROGRESS: "An officer is working on it.",
    CaseStatus.WAITING_ON_CUSTOMER: "We need more information from you. Use “Add information” below.",
    CaseStatus.WAITING_ON_BACK_OFFICE: "We are waiting for another team or organisation to reply.",
    CaseStatus.RESOLVED: "We think this has been sorted out. Please tell us below whether it has.",
    CaseStatus.CLOSED: "This case is closed.",
    CaseStatus.REOPENED: "You told us the problem is not solved. It is back with the team.",
}
MAX_FILES = 5


def _track_url(token: str, flag: str = "") -> str:
    return reverse("portal:track", args=[token]) + (f"?{flag}=1" if flag else "")


def _track_page(request: HttpRequest, case: Case, token: str, *, errors: dict | None = None, posted=None, status: int = 200) -> HttpResponse:
    errors = errors or {}
    fields = form_fields(case.form_version.schema, case.form_version.ui_schema)
    answers = [(f.label, answer_display(f, case.answers[f.name])) for f in fields if f.name in case.answers]
    timeline = list(resident_timeline(case))
    ending = next((e for e in timeline if e.kind in (EventKind.RESOLVED, EventKind.CLOSED) and e.detail.get("message")), None)
    order = ["resolved", "satisfaction", "reason", "comment"]
    context = {
        "case": case, "council": case.council, "answers": answers, "timeline": timeline, "token": token,
        "status_explained": STATUS_EXPLAINED.get(case.case_status, ""),
        "ending_message": ending.detail["message"] if ending else "",
        "files": case.attachments.filter(uploaded_by_resident=True),
        "flags": {k for k in ("submitted", "added", "confirmed", "reopened") if request.GET.get(k) == "1"},
        "tracking_path": _track_url(token), "errors": errors, "posted": posted or {},
        "error_list": [(k, errors[k]) for k in order if k in errors],
        "ratings": [(5, "Very satisfied"), (4, "Satisfied"), (3, "Neither satisfied nor dissatisfied"), (2, "Dissatisfied"), (1, "Very dissatisfied")],
    }
    return render(request, "portal/track.html", context, status=status)


def case_track(request: HttpRequest, token: str) -> HttpResponse:
    try:
        case = case_from_token(token)
    except TrackingLinkBad as exc:
        return link_invalid(request, exc.reason)
    return _track_page(request, case, token)


def case_resolution_answer(request: HttpRequest, token: str) -> HttpResponse:
    """"Has this been resolved?": yes closes it with an optional rating; no reopens it with the reason."""
    try:
        case = case_from_token(token)
    except TrackingLinkBad as exc:
        return link_invalid(request, exc.reason)
    if request.method != "POST" or case.case_status != CaseStatus.RESOLVED:
        return redirect(_track_url(token))
    answer = request.POST.get("resolved", "")
    reason = request.POST.get("reason", "").strip()
    rating = request.POST.get("satisfaction", "")
    errors = {}
    if answer not in ("yes", "no"):
        errors["resolved"] = "Select yes if the problem has been resolved"
    elif answer == "no" and not reason:
        errors["reason"] = "Tell us what still needs to be done"
    elif answer == "yes" and rating and rating not in {"1", "2", "3", "4", "5"}:
        errors["satisfaction"] = "Select how satisfied you are"
    if errors:
        return _track_page(request, case, token, errors=errors, posted=request.POST, status=400)
    try:
        if answer == "yes":
            case_resolution_confirm(case, satisfaction=int(rating) if rating else None, comment=request.POST.get("comment", ""))
        else:
            case_reopen(case, reason=reason[:2000])
    except CaseworkError:
        return redirect(_track_url(token))  # answered already (another tab): the page shows the current state
    return redirect(_track_url(token, "confirmed" if answer == "yes" else "reopened"))


def case_information_form(request: HttpRequest, token: str) -> HttpResponse:
    """Add information and files to the case; on a resolved or closed case this reopens it."""
    try:
        case = case_from_token(token)
    except TrackingLinkBad as exc:
        return link_invalid(request, exc.reason)
    errors: dict[str, str] = {}
    text = ""
    if request.method == "POST":
        text = request.POST.get("information", "")
        uploads = request.FILES.getlist("files")
        checked = []
        if len(uploads) > MAX_FILES:
            errors["files"] = f"Select up to {MAX_FILES} files"
        for upload in uploads[:MAX_FILES]:
            try:
                checked.append(resident_file(upload, content_type=upload_check(upload, accept=None)))
            except UploadRejected as exc:
                errors["files"] = f"{upload.name}: {exc}"
        if len(text) > 5000:
            errors["information"] = "Information must be 5,000 characters or fewer"
        if not errors and rate_limited("submit", ip=client_ip(request)):
            return too_many_requests(request, case.council)
        if not errors:
            try:
                case_information_add(case, text=text, files=checked)
            except NothingToAdd as exc:
                errors["information"] = str(exc)
            else:
                return redirect(_track_url(token, "added"))
    context = {
        "case": case, "council": case.council, "token": token, "text": text, "errors": errors,
        "error_list": [(k, errors[k]) for k in ("information", "files") if k in errors],
        "reopens": case.case_status in (CaseStatus.RESOLVED, CaseStatus.CLOSED),
        "max_size": size_describe(upload_limit_bytes(None)), "types": accepted_types_describe(None),
    }
    return render(request, "portal/add_information.html", context, status=400 if errors else 200)
