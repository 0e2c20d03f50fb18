"""The case page and everything an officer does on it. Thin: parse, call one service, render.

Every edit form posts `version` (the case version it was drawn from) and `seen_event` (the newest event
the officer had on screen); a stale save gets the 409 conflict page instead of overwriting.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from councilflow.csp_extra import csp_image_origin_allow
from councils.map_settings import tile_origin
from form_definitions.address import address_references
from form_definitions.coerce import answers_from_post
from form_definitions.fields import FieldSpec, answer_display, form_fields
from form_definitions.map_point import map_point

from . import selectors
from .attachment_files import attachment_file_response, attachment_withheld_reason
from .exceptions import CaseConflict, CaseworkError, SubmissionInvalid
from .models import Attachment, Case, CaseLinkKind, CaseStatus, EventKind
from .services.access_log import case_access_record
from .services.cancellation import case_cancel
from .services.customers import customer_duplicates, customer_merge
from .services.editing import case_answers_edit
from .services.links import case_link_add, case_link_candidates, case_links
from .services.nearby import MAX_METRES, case_points, cases_nearby
from .services.notes import case_message_send, case_note_add
from .services.officer_resolution import case_reopen_by_officer, case_resolvable_task, case_resolve
from .services.presence import HEARTBEAT_SECONDS, presence_heartbeat, presence_leave, presence_others
from .task_answers import case_task_answers_display

FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


@login_required
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.officer_case_get(request.user, reference)
    case_access_record(request.user, case)
    presence_heartbeat(request.user, case)
    return _render_case(request, case)


def _render_case(
    request,
    case: Case,
    *,
    errors: dict | None = None,
    typed: dict | None = None,
    status: int = 200,
    conflict_events=None,
) -> HttpResponse:
    fields = form_fields(case.form_version.schema, case.form_version.ui_schema)
    labels = {f.name: f for f in fields}
    kinds = [k for k in request.GET.getlist("kind") if k in EventKind.values]
    timeline = list(selectors.case_timeline(case, kinds=kinds or None))
    for event in timeline:
        event.diff_rows = _diff_rows(event, labels)
    open_tasks = list(selectors.case_open_tasks(case))
    typed = typed or {}
    points = case_points(case)
    within = _metres(request.GET.get("within"), default=case.council.map_nearby_metres) if points else None
    context = {
        "case": case,
        "answers": [(f.label, _officer_answer(f, case.answers[f.name])) for f in fields if f.name in case.answers],
        "fields": [f for f in fields if f.widget != "file"],
        "edit_answers": typed.get("answers", case.answers),
        "open_tasks": open_tasks,
        "timeline": timeline,
        "kinds": EventKind.choices,
        "selected_kinds": kinds,
        # Newest event on screen; the unfiltered timeline already holds it, so no extra query then.
        "seen_event": (max(e.pk for e in timeline) if timeline else 0)
        if not kinds
        else (case.events.aggregate(m=Max("pk"))["m"] or 0),
        "other_cases": selectors.customer_other_cases(case),
        "duplicates": customer_duplicates(case.customer) if case.customer_id else [],
        "attachments": list(case.attachments.all()),
        "others_here": presence_others(case, request.user),
        "heartbeat_seconds": getattr(settings, "CASEWORK_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS),
        "resolvable": case_resolvable_task(request.user, case, open_tasks) is not None,
        "is_finished": case.case_status in FINISHED,
        "errors": errors or {},
        "typed": typed,
        "conflict_events": conflict_events,
        "task_answers": case_task_answers_display(case),
        "links": case_links(case),
        # Looked for on request ("Look for possible duplicates"), so the case page keeps its query budget.
        "link_candidates": case_link_candidates(case, within_metres=within) if request.GET.get("candidates") else None,
        "link_kinds": CaseLinkKind.choices,
        "within": within,
        "has_points": bool(points),
        "map_answers": _map_answers(request, case, fields),
        # Only a case with a point looks for neighbours, so other case pages keep their query budget.
        "nearby": cases_nearby(case, metres=case.council.map_nearby_metres) if points else [],
    }
    return render(request, "casework/case.html", context, status=status)


def _officer_answer(field: FieldSpec, value: object) -> str:
    """As the resident saw it, and for a found address its UPRN / USRN on the next line (officers look them up)."""
    shown = answer_display(field, value)
    references = address_references(value) if field.widget == "address_lookup" else ""
    return f"{shown}\n{references}" if references else shown


def _metres(raw: str | None, *, default: int) -> int:
    """The officer's "within N metres" (1 to MAX_METRES), or the council's nearby distance."""
    try:
        metres = int(raw or "")
    except ValueError:
        return default
    return metres if 1 <= metres <= MAX_METRES else default


def _map_answers(request: HttpRequest, case: Case, fields: list[FieldSpec]) -> list[dict]:
    """Each map location answer with a point: the small map's data, and the coordinates and link without it."""
    shown = []
    for field in fields:
        point = map_point(case.answers.get(field.name)) if field.widget == "map_location" else None
        if point is None:
            continue
        lat, lng = point
        shown.append(
            {
                "label": field.label,
                "point": f"{lat:.6f},{lng:.6f}",
                "text": f"{lat:.6f}, {lng:.6f}",
                "link": f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lng:.6f}#map=18/{lat:.6f}/{lng:.6f}",
            }
        )
    if shown:
        csp_image_origin_allow(request, tile_origin(case.council.map_tile_url))
    return shown


def _diff_rows(event, labels: dict) -> list[tuple[str, object, object, object]]:
    rows = []
    for change in (event.detail or {}).get("diff", []) if event.kind == EventKind.DATA_CHANGED else []:
        spec = labels.get(change.get("field"))
        before, after = change.get("before"), change.get("after")
        if spec is not None:
            before = answer_display(spec, before) if before is not None else None
            after = answer_display(spec, after) if after is not None else None
        rows.append((spec.label if spec else change.get("field"), before, after))
    return rows


def _edit(request: HttpRequest, reference: str, action, typed: dict, success: str) -> HttpResponse:
    """Run one versioned edit; a stale version becomes the 409 page with this officer's typing kept."""
    case = selectors.officer_case_get(request.user, reference)
    version = int(request.POST.get("version") or 0)
    try:
        action(case, version)
    except CaseConflict:
        case = selectors.officer_case_get(request.user, reference)
        seen = int(request.POST.get("seen_event") or 0)
        since = list(case.events.filter(pk__gt=seen).select_related("actor").order_by("at", "pk"))
        fields = {f.name: f for f in form_fields(case.form_version.schema, case.form_version.ui_schema)}
        for event in since:
            event.diff_rows = _diff_rows(event, fields)
        return _render_case(request, case, typed=typed, status=409, conflict_events=since)
    except SubmissionInvalid as exc:
        return _render_case(request, case, errors=exc.errors, typed=typed, status=400)
    except CaseworkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("casework:case", reference=reference)


@login_required
@require_POST
def case_note(request: HttpRequest, reference: str) -> HttpResponse:
    text = request.POST.get("text", "")
    return _edit(
        request,
        reference,
        lambda case, v: case_note_add(request.user, case, text=text, version=v),
        {"note": text},
        "Note added.",
    )


@login_required
@require_POST
def case_link(request: HttpRequest, reference: str) -> HttpResponse:
    other, kind = request.POST.get("reference", ""), request.POST.get("kind", "")
    return _edit(
        request,
        reference,
        lambda case, v: case_link_add(
            cast(AbstractBaseUser, request.user), case, other_reference=other, kind=kind, version=v
        ),
        {"link_reference": other, "link_kind": kind},
        f"Linked to {other.strip().upper()}.",
    )


@login_required
@require_POST
def case_message(request: HttpRequest, reference: str) -> HttpResponse:
    subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
    return _edit(
        request,
        reference,
        lambda case, v: case_message_send(request.user, case, subject=subject, body=body, version=v),
        {"subject": subject, "body": body},
        "Message queued to the resident.",
    )


@login_required
@require_POST
def case_answers(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.officer_case_get(request.user, reference)
    fields = form_fields(case.form_version.schema, case.form_version.ui_schema)
    # Files, repeatable groups, found addresses (UPRN) and map points are not edited here: their answers are kept.
    kept_files = {
        f.name: case.answers[f.name]
        for f in fields
        if f.widget in ("file", "repeat", "address_lookup", "map_location") and f.name in case.answers
    }
    answers = {**kept_files, **answers_from_post(fields, request.POST)}
    reason = request.POST.get("reason", "")
    return _edit(
        request,
        reference,
        lambda c, v: case_answers_edit(request.user, c, answers=answers, version=v, reason=reason),
        {"answers": answers, "reason": reason},
        "Answers saved.",
    )


@login_required
@require_POST
def case_resolve_view(request: HttpRequest, reference: str) -> HttpResponse:
    message = request.POST.get("message", "")
    return _edit(
        request,
        reference,
        lambda c, v: case_resolve(request.user, c, version=v, message=message),
        {"resolve_message": message},
        "Resolved – the case now waits for the resident to confirm.",
    )


@login_required
@require_POST
def case_reopen_view(request: HttpRequest, reference: str) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _edit(
        request,
        reference,
        lambda c, v: case_reopen_by_officer(request.user, c, version=v, reason=reason),
        {"reopen_reason": reason},
        "Reopened: a new task is in the team's queue.",
    )


@login_required
@require_POST
def case_cancel_view(request: HttpRequest, reference: str) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _edit(
        request,
        reference,
        lambda c, v: case_cancel(cast(AbstractBaseUser, request.user), c, version=v, reason=reason),
        {"cancel_reason": reason},
        "Cancelled: every open task and wait of the case has ended.",
    )


@login_required
@require_POST
def case_presence(request: HttpRequest, reference: str) -> HttpResponse:
    """Heartbeat from an open case page; answers with the presence banner's current contents."""
    case = selectors.officer_case_get(request.user, reference)
    if request.POST.get("leave"):
        presence_leave(request.user, case)
        return HttpResponse(status=204)
    presence_heartbeat(request.user, case)
    return render(request, "casework/_presence.html", {"others_here": presence_others(case, request.user)})


@login_required
@require_POST
def customer_merge_view(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.officer_case_get(request.user, reference)
    scoped = selectors.officer_customers(request.user)
    source = scoped.filter(pk=request.POST.get("source") or 0).first()
    target = scoped.filter(pk=request.POST.get("target") or 0).first()
    if source is None or target is None:
        raise Http404("No such customer")
    try:
        customer_merge(request.user, source=source, target=target, case=case)
        messages.success(request, f"Merged customer #{source.pk} into #{target.pk}; their cases moved across.")
    except CaseworkError as exc:
        messages.error(request, str(exc))
    return redirect("casework:case", reference=case.reference)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Files are never under MEDIA_URL: only an officer who may see the case gets them, once scanned clean."""
    attachment = (
        Attachment.objects.filter(pk=pk, case__council_id__in=selectors.officer_council_ids(request.user))
        .select_related("case")
        .first()
    )
    if attachment is None:
        raise Http404("No such attachment")
    withheld = attachment_withheld_reason(attachment)
    if withheld:
        messages.warning(request, withheld)
        return redirect("casework:case", reference=attachment.case.reference)
    return attachment_file_response(attachment)
