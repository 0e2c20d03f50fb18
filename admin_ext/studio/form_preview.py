"""Preview a form exactly as a resident sees it: the portal's own page and check-your-answers templates and
rendering functions, over the draft definition, in English or Welsh.

Nothing is created: answers live in the designer's own session under one key, a posted file is checked by the
portal's upload checks and only described (never stored), and "Accept and send" sends nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from casework.models import Service
from councilflow.errors import DefinitionInvalid
from councilflow.wording import ENGLISH, WELSH, service_name, translation_of
from form_definitions.compiled import CompiledForm, compile_form
from form_definitions.conditions import fields_hidden
from form_definitions.fields import PageSpec
from form_definitions.models import FormDefinition
from portal import drafts
from portal.language import answer_text, form_in_language, language_toggle
from portal.views.common import question_page_context

from .access import studio_context, studio_form_get, studio_view

LANGUAGE_PARAMETER = "lang"


def _session_key(form: FormDefinition) -> str:
    return f"studio:preview:{form.pk}"


def _language(request: HttpRequest, form: FormDefinition) -> str:
    """Welsh only when asked for (?lang=cy) and the council offers it; the admin's own language is untouched."""
    wanted = request.GET.get(LANGUAGE_PARAMETER) or request.POST.get(LANGUAGE_PARAMETER)
    language = WELSH if wanted == WELSH and form.council.welsh_enabled else ENGLISH
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def _compiled(form: FormDefinition, language: str) -> CompiledForm:
    return form_in_language(compile_form(form.schema, form.ui_schema or {}), language)


def _url(form: FormDefinition, language: str, page_id: str | None = None) -> str:
    url = (
        reverse("studio:form_preview_page", args=[form.pk, page_id])
        if page_id
        else reverse("studio:form_preview_check", args=[form.pk])
    )
    return url + (f"?{LANGUAGE_PARAMETER}={WELSH}" if language == WELSH else "")


def _answers(request: HttpRequest, form: FormDefinition) -> dict:
    return dict(request.session.get(_session_key(form), {}))


def _name(form: FormDefinition, language: str) -> str:
    """The service's name as the portal words it when a service uses this form's slug, else the form's."""
    service = Service.objects.filter(council_id=form.council_id, form__slug=form.slug).order_by("pk").first()
    if service is not None:
        return service_name(service, language, ui_schema=form.ui_schema)
    welsh_title = translation_of(form.ui_schema, WELSH).get("title") if language == WELSH else ""
    return welsh_title or form.name


def _render(
    request: HttpRequest, form: FormDefinition, template: str, context: dict, *, language: str, status: int = 200
) -> HttpResponse:
    """The portal's resident_page without its language cookie (the preview must not switch the admin to Welsh)."""
    context = {
        **context,
        "council": form.council,
        "service_name": _name(form, language),
        "language": language,
        "html_lang": "cy" if language == WELSH else "en-GB",
        "language_toggle": language_toggle(request, form.council),
        "preview": {
            "form": form,
            "edit_url": reverse("studio:form_edit", args=[form.pk]),
            "restart_url": reverse("studio:form_preview", args=[form.pk])
            + "?restart=1"
            + (f"&{LANGUAGE_PARAMETER}={WELSH}" if language == WELSH else ""),
        },
    }
    return render(request, template, context, status=status)


def _broken(request: HttpRequest, form: FormDefinition, exc: DefinitionInvalid) -> HttpResponse:
    """A draft the checks refuse cannot be previewed: say why and link back to the builder."""
    translation.activate(ENGLISH)
    problems = [{"message": str(p), "anchor": None} for p in exc.problems]
    context = studio_context(request, title=f"Preview of {form.name}", form=form, problems=problems)
    return render(request, "studio/form/preview_broken.html", context, status=400)


@studio_view
def form_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview's first page; ?restart=1 forgets the answers given so far."""
    form = studio_form_get(request, pk)
    if request.GET.get("restart"):
        request.session.pop(_session_key(form), None)
    language = _language(request, form)
    try:
        compiled = _compiled(form, language)
    except DefinitionInvalid as exc:
        return _broken(request, form, exc)
    return HttpResponseRedirect(_url(form, language, compiled.pages[0].id))


@studio_view
def form_preview_page(request: HttpRequest, pk: int, page_id: str) -> HttpResponse:
    form = studio_form_get(request, pk)
    language = _language(request, form)
    try:
        compiled = _compiled(form, language)
    except DefinitionInvalid as exc:
        return _broken(request, form, exc)
    page = next((p for p in compiled.pages if p.id == page_id), None)
    if page is None:
        raise Http404("No such page")
    answers = _answers(request, form)
    errors: dict[str, str] = {}
    saving = False
    if request.method == "POST":
        answers, errors, saving, done = _page_post(request, form, compiled, page, answers)
        request.session[_session_key(form)] = answers
        if done:
            following = drafts.page_after(compiled, page.id, answers)
            return HttpResponseRedirect(_url(form, language, following.id if following else None))
    previous = drafts.page_before(compiled, page.id, answers)
    context: dict[str, Any] = {
        **question_page_context(page, answers=answers, errors=errors),
        "action": _url(form, language, page.id),
        "changing": False,
        "back_url": _url(form, language, previous.id) if previous else reverse("studio:form_edit", args=[form.pk]),
        "preview_saving": saving,
    }
    return _render(
        request, form, "studio/form/preview_page.html", context, language=language, status=400 if errors else 200
    )


def _page_post(
    request: HttpRequest, form: FormDefinition, compiled: CompiledForm, page: PageSpec, answers: dict
) -> tuple[dict, dict[str, str], bool, bool]:
    """One preview page posted, with the portal's buttons: add another / remove an item, upload another / remove
    a file, save for later, continue. Returns the answers, errors, saving, and whether to go on to the next page.

    A file is only described in the answers (name, type, size): it is checked in memory and never stored."""
    scratch = drafts.Draft(form_id=form.pk, token="preview", answers=answers)
    merged = drafts.page_answers_merge(compiled, page, scratch, request.POST)
    changed = drafts.page_repeat_change(page, merged, request.POST)
    if changed is not None:  # "Add another" or "Remove" in a group: the same page again, nothing checked yet
        return changed, {}, False, False
    if request.POST.get("files_remove"):  # "Remove" beside one of several files
        return _file_forget(merged, request.POST.get("files_remove") or ""), {}, False, False
    checked, file_errors = drafts.page_files_check(
        page.fields, request.FILES, council_id=form.council_id, answers=merged
    )
    hidden = fields_hidden(compiled.fields, merged)
    answers = drafts.answers_with_files(merged, [c for c in checked if c.field not in hidden])
    if request.POST.get("files_add") in {f.name for f in page.fields if f.widget == "files"}:
        return answers, file_errors, False, False  # "Upload file": the files so far, the same page again
    if request.POST.get("save_for_later"):  # the portal keeps a page for later whether it is right or not
        return answers, {}, True, False
    errors = {**compiled.page_errors(answers, page, region=form.council.holiday_region), **file_errors}
    return answers, errors, False, not errors


def _file_forget(answers: dict, pressed: str) -> dict:
    """`files_remove=<question>-<index>`: that file's description goes from the answer (there is no stored file)."""
    name, _, index = pressed.rpartition("-")
    files = answers.get(name)
    if not (isinstance(files, list) and index.isdigit() and int(index) < len(files)):
        return answers
    left = [f for i, f in enumerate(files) if i != int(index)]
    return {**{k: v for k, v in answers.items() if k != name}, **({name: left} if left else {})}


@studio_view
def form_preview_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, with change links back into the preview; "Accept and send" sends nothing."""
    form = studio_form_get(request, pk)
    language = _language(request, form)
    try:
        compiled = _compiled(form, language)
    except DefinitionInvalid as exc:
        return _broken(request, form, exc)
    answers = _answers(request, form)
    unfinished = drafts.page_first_invalid(compiled, answers)
    if unfinished is not None:
        return HttpResponseRedirect(_url(form, language, unfinished.id))
    hidden = fields_hidden(compiled.fields, answers)
    visible_pages = drafts.pages_visible(compiled, answers)
    sections = [
        {
            "page": page,
            "change_url": _url(form, language, page.id),
            "rows": [(f, answer_text(f, answers.get(f.name))) for f in page.fields if f.name not in hidden],
        }
        for page in visible_pages
    ]
    context = {
        "sections": sections,
        "submission_token": "preview",
        "back_url": _url(form, language, visible_pages[-1].id),
        "preview_sent": request.method == "POST",
    }
    return _render(request, form, "studio/form/preview_check.html", context, language=language)
