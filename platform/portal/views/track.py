"""Tracking a case from its signed link: status, resident-visible timeline, add information, confirm or reopen."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from viewflow.workflow.status import PROCESS

from casework.exceptions import CaseworkError
from casework.models import Case, CaseStatus, EventKind
from casework.selectors import resident_timeline
from casework.services.cancellation import CANCELLED, WITHDRAWN, case_withdrawal_refusal
from casework.services.resident import NothingToAdd, case_information_add
from casework.services.resolution import case_reopen, case_resolution_confirm
from councilflow.wording import service_name
from form_definitions.services import form_definition_compiled

from ..language import answer_text, form_in_language, resident_language
from ..ratelimit import client_ip, rate_limited
from ..uploads import (
    UploadRejected,
    accepted_types_describe,
    resident_file,
    size_describe,
    upload_check,
    upload_limit_bytes,
    upload_scan,
)
from .common import TrackingLinkBad, case_from_token, link_invalid, resident_page, too_many_requests

STATUS_EXPLAINED = {
    CaseStatus.OPEN: gettext_lazy("We have received your request. It is waiting for an officer to pick it up."),
    CaseStatus.IN_PROGRESS: gettext_lazy("An officer is working on it."),
    CaseStatus.WAITING_ON_CUSTOMER: gettext_lazy("We need more information from you. Use “Add information” below."),
    CaseStatus.WAITING_ON_BACK_OFFICE: gettext_lazy("We are waiting for another team or organisation to reply."),
    CaseStatus.RESOLVED: gettext_lazy("We think this has been sorted out. Please tell us below whether it has."),
    CaseStatus.CLOSED: gettext_lazy("This case is closed."),
    CaseStatus.REOPENED: gettext_lazy("You told us the problem is not solved. It is back with the team."),
}
# The timeline in the resident's words: officers' summaries are English and written for officers.
RESIDENT_EVENT_WORDS = {
    EventKind.SUBMITTED: pgettext_lazy("resident timeline", "You sent your report"),
    EventKind.STATUS_CHANGED: pgettext_lazy("resident timeline", "The status of your case changed"),
    EventKind.MESSAGE_SENT: pgettext_lazy("resident timeline", "We sent you an email"),
    EventKind.RESIDENT_ADDED_INFO: pgettext_lazy("resident timeline", "You added information"),
    EventKind.RESOLVED: pgettext_lazy("resident timeline", "We dealt with your case"),
    EventKind.RESIDENT_CONFIRMED: pgettext_lazy("resident timeline", "You confirmed the problem was resolved"),
    EventKind.REOPENED: pgettext_lazy("resident timeline", "Your case was reopened"),
    EventKind.CLOSED: pgettext_lazy("resident timeline", "Your case was closed"),
}
# A case that ended early (casework.services.cancellation): the resident's own words, never the officer's reason.
ENDED_EARLY_WORDS = {
    WITHDRAWN: pgettext_lazy("resident timeline", "You withdrew your request"),
    CANCELLED: pgettext_lazy("resident timeline", "We cancelled your request"),
}
CONFIRMATION_SENT = gettext_lazy("We sent you a confirmation email with your reference and a link to this page")
RATINGS = [
    (5, gettext_lazy("Very satisfied")),
    (4, gettext_lazy("Satisfied")),
    (3, gettext_lazy("Neither satisfied nor dissatisfied")),
    (2, gettext_lazy("Dissatisfied")),
    (1, gettext_lazy("Very dissatisfied")),
]
MAX_FILES = 5


def _track_url(token: str, flag: str = "") -> str:
    return reverse("portal:track", args=[token]) + (f"?{flag}=1" if flag else "")


def resident_event_text(event, *, english: bool) -> str:
    """What the resident reads for one timeline entry."""
    texted = event.detail.get("channel") == "sms"  # a resident with only a phone number, through Notify
    if event.kind == EventKind.MESSAGE_SENT and event.detail.get("purpose") == "confirmation":
        return (
            _("We sent you a text message with your reference and a link to this page")
            if texted
            else str(CONFIRMATION_SENT)
        )
    if event.kind == EventKind.CLOSED and event.detail.get("by") in ("resident", "officer"):
        return str(ENDED_EARLY_WORDS.get(event.detail.get("outcome"), RESIDENT_EVENT_WORDS[EventKind.CLOSED]))
    if event.kind in (EventKind.RESOLVED, EventKind.CLOSED) and event.detail.get("resident_outcome"):
        # The designer's words for the resident (`resident_label`), never the officers' outcome label.
        return f"{RESIDENT_EVENT_WORDS[event.kind]}: {event.detail['resident_outcome']}"
    if event.kind == EventKind.CASE_LINKED and event.detail.get("kind") == "duplicate_of":
        return _("We already have a report of this problem (%(reference)s) and will deal with it there.") % {
            "reference": event.detail.get("to", "")
        }
    if event.kind == EventKind.MESSAGE_SENT and event.detail.get("subject"):
        # The summary is the officers' ("Email queued: ..."); the resident reads what reached them.
        if texted:
            return _("We sent you a text message: %(subject)s") % {"subject": event.detail["subject"]}
        return _("We sent you an email: %(subject)s") % {"subject": event.detail["subject"]}
    if english or event.kind not in RESIDENT_EVENT_WORDS:
        return event.summary
    return str(RESIDENT_EVENT_WORDS[event.kind])


def _track_page(
    request: HttpRequest, case: Case, token: str, *, errors: dict | None = None, posted=None, status: int = 200
) -> HttpResponse:
    errors = errors or {}
    language = resident_language(request, case.council, usual=case.language)
    compiled = form_in_language(form_definition_compiled(case.form_version), language)
    answers = [(f.label, answer_text(f, case.answers[f.name])) for f in compiled.fields if f.name in case.answers]
    timeline = list(resident_timeline(case))
    for event in timeline:
        event.resident_text = resident_event_text(event, english=language == "en")
    ending = next(
        (e for e in timeline if e.kind in (EventKind.RESOLVED, EventKind.CLOSED) and e.detail.get("message")), None
    )
    order = ["resolved", "satisfaction", "reason", "comment"]
    context = {
        "case": case,
        "council": case.council,
        "answers": answers,
        "timeline": timeline,
        "token": token,
        "service_name": service_name(case.service, language, ui_schema=compiled.ui_schema),
        "status_explained": STATUS_EXPLAINED.get(case.case_status, ""),
        "ending_message": ending.detail["message"] if ending else "",
        "files": case.attachments.filter(uploaded_by_resident=True),
        "flags": {k for k in ("submitted", "added", "confirmed", "reopened", "withdrawn") if request.GET.get(k) == "1"},
        "can_withdraw": not case_withdrawal_refusal(case),
        "ended_early": case.outcome in (WITHDRAWN, CANCELLED) and case.status == PROCESS.CANCELED,
        "tracking_path": _track_url(token),
        "errors": errors,
        "posted": posted or {},
        "error_list": [(k, errors[k]) for k in order if k in errors],
        "ratings": RATINGS,
    }
    return resident_page(request, "portal/track.html", context, status=status)


def case_track(request: HttpRequest, token: str) -> HttpResponse:
    try:
        case = case_from_token(token)
    except TrackingLinkBad as exc:
        return link_invalid(request, exc.reason)
    return _track_page(request, case, token)


def case_resolution_answer(request: HttpRequest, token: str) -> HttpResponse:
    """ "Has this been resolved?": yes closes it with an optional rating; no reopens it with the reason."""
    try:
        case = case_from_token(token)
    except TrackingLinkBad as exc:
        return link_invalid(request, exc.reason)
    if request.method != "POST" or case.case_status != CaseStatus.RESOLVED:
        return redirect(_track_url(token))
    resident_language(request, case.council, usual=case.language)
    answer = request.POST.get("resolved", "")
    reason = request.POST.get("reason", "").strip()
    rating = request.POST.get("satisfaction", "")
    errors = {}
    if answer not in ("yes", "no"):
        errors["resolved"] = _("Select yes if the problem has been resolved")
    elif answer == "no" and not reason:
        errors["reason"] = _("Tell us what still needs to be done")
    elif answer == "yes" and rating and rating not in {"1", "2", "3", "4", "5"}:
        errors["satisfaction"] = _("Select how satisfied you are")
    if errors:
        return _track_page(request, case, token, errors=errors, posted=request.POST, status=400)
    try:
        if answer == "yes":
            case_resolution_confirm(
                case, satisfaction=int(rating) if rating else None, comment=request.POST.get("comment", "")
            )
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
    resident_language(request, case.council, usual=case.language)
    errors: dict[str, str] = {}
    text = ""
    if request.method == "POST":
        text = request.POST.get("information", "")
        uploads = request.FILES.getlist("files")
        checked = []
        if len(uploads) > MAX_FILES:
            errors["files"] = _("Select up to %(count)d files") % {"count": MAX_FILES}
        for upload in uploads[:MAX_FILES]:
            try:
                content_type = upload_check(upload, accept=None)
                scan_status = upload_scan(upload, council_id=case.council_id, reference=case.reference)
                checked.append(resident_file(upload, content_type=content_type, scan_status=scan_status))
            except UploadRejected as exc:
                errors["files"] = f"{upload.name}: {exc}"
        if len(text) > 5000:
            errors["information"] = _("Information must be 5,000 characters or fewer")
        if not errors and rate_limited("submit", ip=client_ip(request)):
            return too_many_requests(request, case.council)
        if not errors:
            try:
                case_information_add(case, text=text, files=checked)
            except NothingToAdd:
                errors["information"] = _("Enter the information you want to add, or choose a file")
            else:
                return redirect(_track_url(token, "added"))
    context = {
        "case": case,
        "council": case.council,
        "token": token,
        "text": text,
        "errors": errors,
        "error_list": [(k, errors[k]) for k in ("information", "files") if k in errors],
        "reopens": case.case_status in (CaseStatus.RESOLVED, CaseStatus.CLOSED),
        "max_size": size_describe(upload_limit_bytes(None)),
        "types": accepted_types_describe(None),
    }
    return resident_page(request, "portal/add_information.html", context, status=400 if errors else 200)
