"""Applying: one page per UI-schema page, answers kept in the session, check your answers, then submit.

A POST of every answer at once to the form's first address is also accepted (the whole form is
validated; assisted channels and the benchmark use it). Both paths end in case_submit with an
idempotency token, so a double click or a resubmitted page creates one case.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language

from casework.customers import customer_details_from_answers
from casework.exceptions import ServiceNotAccepting, SubmissionInvalid
from casework.models import Case, Channel, Service
from casework.services.submission import case_submit
from councilflow.wording import service_name
from form_definitions.coerce import answers_from_post
from form_definitions.compiled import CompiledForm
from form_definitions.conditions import fields_hidden
from form_definitions.map_point import map_area_of
from form_definitions.services import form_definition_compiled

from .. import drafts
from ..address_finder import address_find_pressed, address_lists, find_errors, post_addresses_resolve
from ..language import answer_text, form_in_language, resident_language
from ..links import case_tracking_path
from ..ratelimit import client_ip, rate_limited
from ..saved import saved_forms_forget
from ..staging import staged_uploads_missing, staged_uploads_settle
from ..templatetags.portal_forms import page_layout
from .common import error_list, live_service, question_page_context, resident_page, too_many_requests


def _page_url(service: Service, page_id: str) -> str:
    return reverse("portal:form_page", args=[service.council.slug, service.slug, page_id])


def _check_url(service: Service) -> str:
    return reverse("portal:check", args=[service.council.slug, service.slug])


def _form(request: HttpRequest, service: Service) -> CompiledForm:
    """The service's compiled form, worded in the language of this request (see language.py)."""
    return form_in_language(form_definition_compiled(service.form), resident_language(request, service.council))


def _service_name(service: Service, compiled: CompiledForm) -> str:
    return service_name(service, get_language(), ui_schema=compiled.ui_schema)


def service_form(request: HttpRequest, council_slug: str, service_slug: str) -> HttpResponse:
    """The form's address: shows the first page; a POST of all answers submits in one request."""
    service = live_service(council_slug, service_slug)
    compiled = _form(request, service)
    if request.method == "POST":
        return _submit_whole_form(request, service, compiled)
    return _form_page(request, service, compiled, compiled.pages[0].id)


def form_page(request: HttpRequest, council_slug: str, service_slug: str, page_id: str) -> HttpResponse:
    service = live_service(council_slug, service_slug)
    return _form_page(request, service, _form(request, service), page_id)


def _form_page(request: HttpRequest, service: Service, compiled: CompiledForm, page_id: str) -> HttpResponse:
    council_slug, service_slug = service.council.slug, service.slug
    page = next((p for p in compiled.pages if p.id == page_id), None)
    if page is None:
        raise Http404("No such page")
    draft = drafts.draft_get(request, service)
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    answers, errors = draft.answers, {}
    post = (
        post_addresses_resolve(page.fields, request.POST, council=service.council) if request.method == "POST" else None
    )
    merged = drafts.page_answers_merge(compiled, page, draft, post) if post is not None else {}
    changed = drafts.page_repeat_change(page, merged, request.POST) if request.method == "POST" else None
    finding = address_find_pressed(page.fields, request.POST) if request.method == "POST" else None
    if finding is not None:  # "Find address": the same page with the postcode's addresses, nothing checked yet
        draft.answers = answers = merged
        errors = find_errors(finding, request.POST)
        drafts.draft_save(request, service, draft)
    elif changed is not None:  # "Add another" or "Remove" in a group: the same page again, nothing checked yet
        draft.answers = answers = changed
        drafts.draft_save(request, service, draft)
    elif request.method == "POST" and request.POST.get("files_remove"):  # "Remove" beside one of several files
        draft.answers = merged
        drafts.page_file_remove(draft, request.POST)
        answers = draft.answers
        drafts.draft_save(request, service, draft)
    elif request.method == "POST":
        checked, file_errors = drafts.page_files_check(
            page.fields, request.FILES, council_id=service.council_id, answers=draft.answers
        )
        answers = merged
        hidden = fields_hidden(compiled.fields, answers)
        checked = [c for c in checked if c.field not in hidden]
        saving = bool(request.POST.get("save_for_later"))
        # "Upload file" (add another file, no JavaScript needed): keep the files and show the page again.
        uploading = request.POST.get("files_add") in {f.name for f in page.fields if f.widget == "files"}
        errors = (
            file_errors
            if uploading
            else {
                **compiled.page_errors(
                    drafts.answers_with_files(answers, checked),
                    page,
                    region=service.council.holiday_region,
                    area=map_area_of(service.council),
                ),
                **file_errors,
            }
        )
        # A file reaches disk only when the draft takes it: the page is right (or kept for later) and under the rate limit.
        if checked and (saving or uploading or not errors):
            if rate_limited("upload", ip=client_ip(request)):
                return too_many_requests(request, service.council)
            draft.answers = answers
            drafts.page_files_keep(checked, draft=draft, council_id=service.council_id)
            answers = draft.answers
        draft.answers = answers
        drafts.draft_save(request, service, draft)
        if saving:  # keep what is there, checked or not, and ask where to send the link
            return redirect("portal:save", council_slug, service_slug)
        if not errors and not uploading:
            following = (
                drafts.page_first_invalid(
                    compiled, answers, region=service.council.holiday_region, area=map_area_of(service.council)
                )
                if changing
                else drafts.page_after(compiled, page.id, answers)
            )
            return redirect(
                _page_url(service, following.id) + ("?change=1" if changing else "")
                if following
                else _check_url(service)
            )
    previous = drafts.page_before(compiled, page.id, answers)
    back = (
        _check_url(service)
        if changing
        else _page_url(service, previous.id)
        if previous
        else reverse("portal:start", args=[council_slug, service_slug])
    )
    context = {
        "service": service,
        "service_name": _service_name(service, compiled),
        "council": service.council,
        **question_page_context(page, answers=answers, errors=errors),
        "address_lists": address_lists(
            page.fields, council=service.council, answers=answers, post=request.POST or None
        ),
        "action": _page_url(service, page.id),
        "changing": changing,
        "back_url": back,
    }
    return resident_page(request, "portal/page.html", context, status=400 if errors else 200)


def form_check(request: HttpRequest, council_slug: str, service_slug: str) -> HttpResponse:
    """Check your answers, with a change link per question; the POST submits."""
    service = live_service(council_slug, service_slug)
    compiled = _form(request, service)
    if request.method == "POST":
        done = drafts.submitted_token(request, service)
        if done and request.POST.get("submission_token") == done:
            case = Case.objects.filter(submission_token=done).first()
            if case is not None:  # the same "Send" posted twice: show the case the first one created
                return redirect(case_tracking_path(case) + "?submitted=1")
    if not drafts.draft_exists(request, service):
        return redirect("portal:form", council_slug, service_slug)
    draft = drafts.draft_get(request, service)
    unfinished = drafts.page_first_invalid(
        compiled, draft.answers, region=service.council.holiday_region, area=map_area_of(service.council)
    )
    if unfinished is not None:
        return redirect(_page_url(service, unfinished.id))
    if request.method == "POST":
        email = resident_email(service, draft.answers)
        if rate_limited("submit", ip=client_ip(request), email=email):
            return too_many_requests(request, service.council)
        purged = staged_uploads_missing(paths=draft.upload_paths())
        if purged:  # the draft sat longer than DRAFT_MAX_AGE_HOURS: ask for those files again
            drafts.draft_uploads_forget(draft, paths=purged)
            drafts.draft_save(request, service, draft)
            return redirect(
                _page_url(
                    service,
                    (
                        drafts.page_first_invalid(
                            compiled,
                            draft.answers,
                            region=service.council.holiday_region,
                            area=map_area_of(service.council),
                        )
                        or compiled.pages[0]
                    ).id,
                )
            )
        case = _submit(service, draft.answers, token=draft.token, uploads=draft.stored_uploads(draft.answers))
        if isinstance(case, Case):
            drafts.draft_finish(request, service, draft)
            saved_forms_forget(draft.token)
            return redirect(case_tracking_path(case) + "?submitted=1")
        return redirect(_page_url(service, compiled.pages[0].id))
    hidden = fields_hidden(compiled.fields, draft.answers)
    visible_pages = drafts.pages_visible(compiled, draft.answers)
    sections = [
        {
            "page": page,
            "rows": [(f, answer_text(f, draft.answers.get(f.name))) for f in page.fields if f.name not in hidden],
        }
        for page in visible_pages
    ]
    last = visible_pages[-1]
    context = {
        "service": service,
        "service_name": _service_name(service, compiled),
        "council": service.council,
        "sections": sections,
        "submission_token": draft.token,
        "back_url": _page_url(service, last.id),
    }
    return resident_page(request, "portal/check.html", context)


def resident_email(service: Service, answers: dict) -> str:
    return customer_details_from_answers(answers, service.form.ui_schema.get("customer", {})).get("email", "")


def _submit(service: Service, answers: dict, *, token: str, uploads) -> Case | dict[str, str]:
    try:
        return case_submit(
            service=service,
            answers=answers,
            channel=Channel.WEB,
            submission_token=token[:64] or None,
            uploads=uploads,
            language=get_language(),  # the page's: Welsh when the resident used the council's Welsh pages
        )
    except SubmissionInvalid as exc:
        return exc.errors
    except ServiceNotAccepting as exc:
        raise Http404(str(exc)) from exc


def _submit_whole_form(request: HttpRequest, service: Service, compiled: CompiledForm) -> HttpResponse:
    """Rate limit, then files and answers are all checked before a file is stored; nothing stays on a refusal."""
    token = (request.POST.get("submission_token") or "")[:64]
    checked, errors = drafts.page_files_check(compiled.fields, request.FILES, council_id=service.council_id, answers={})
    post = post_addresses_resolve(compiled.fields, request.POST, council=service.council)
    answers = drafts.answers_with_files(answers_from_post(compiled.fields, post), checked)
    if rate_limited("submit", ip=client_ip(request), email=resident_email(service, answers)):
        return too_many_requests(request, service.council)
    errors = {
        **compiled.errors_for(answers, region=service.council.holiday_region, area=map_area_of(service.council)),
        **errors,
    }
    if not errors:
        scratch = drafts.Draft(form_id=service.form_id, token=token or uuid.uuid4().hex)
        drafts.page_files_keep(checked, draft=scratch, council_id=service.council_id)
        try:
            result = _submit(service, answers, token=token, uploads=scratch.stored_uploads(answers))
        finally:  # the case owns the files it took; on any other outcome they go
            staged_uploads_settle(paths=scratch.upload_paths())
        if isinstance(result, Case):
            return redirect(case_tracking_path(result) + "?submitted=1")
        errors = (
            compiled.errors_for(answers, region=service.council.holiday_region, area=map_area_of(service.council))
            or result
        )  # the same checks, worded in the page's language
    context = {
        "service": service,
        "service_name": _service_name(service, compiled),
        "council": service.council,
        "answers": answers,
        "errors": errors,
        "sections": [(page, page_layout(page)) for page in compiled.pages],
        "error_list": error_list(compiled.fields, errors),
        "submission_token": token,
        "multipart": any(f.widget in ("file", "files") for f in compiled.fields),
        "address_lists": address_lists(compiled.fields, council=service.council, answers=answers, post=request.POST),
    }
    return resident_page(request, "portal/form.html", context, status=400)
