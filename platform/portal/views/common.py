"""Small helpers shared by the resident views."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from casework.models import Case, Service
from councilflow.published_rows import published_row_get
from form_definitions.fields import PageSpec, item_specs
from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition

from ..language import WELSH, language_remember, language_toggle, resident_language
from ..links import LinkInvalid, case_pk_from_tracking_token
from ..service_row import service_with_council_get
from ..templatetags.portal_forms import page_layout


def resident_page(request: HttpRequest, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Render a resident page in the council's chosen language, with the language toggle when it offers Welsh."""
    council = context.get("council")
    case = context.get("case")  # a case's pages default to the language the resident applied in
    language = resident_language(request, council, usual=case.language if case is not None else None)
    context = {
        **context,
        "language": language,
        "html_lang": "cy" if language == WELSH else "en-GB",
        "language_toggle": language_toggle(request, council),
    }
    return language_remember(request, render(request, template, context, status=status))


def live_service(council_slug: str, service_slug: str) -> Service:
    """The live service and its council, read fresh; its published form and workflow rows come from memory.

    One statement without the two large JSON rows, written once (`portal.service_row`), since every resident
    request starts here (docs/performance.md, issue #21).
    """
    service = service_with_council_get(council_slug=council_slug, service_slug=service_slug)
    if service is None or not service.accepts_cases or service.form_id is None or service.workflow_id is None:
        raise Http404("No such service")
    service.form = published_row_get(FormDefinition, service.form_id)
    service.workflow = published_row_get(WorkflowDefinition, service.workflow_id)
    for row in (service.form, service.workflow):
        if row.council_id == service.council_id:
            row.council = service.council
    return service


def too_many_requests(request: HttpRequest, council=None) -> HttpResponse:
    response = resident_page(request, "portal/rate_limited.html", {"council": council}, status=429)
    response["Retry-After"] = "3600"
    return response


class TrackingLinkBad(Exception):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def case_from_token(token: str) -> Case:
    """The case a signed tracking link names; TrackingLinkBad when altered or expired, 404 when gone."""
    try:
        case_pk, reference = case_pk_from_tracking_token(token)
    except LinkInvalid as exc:
        raise TrackingLinkBad(str(exc)) from exc
    case = (
        Case.objects.select_related("council", "service", "form_version", "customer")
        .filter(pk=case_pk, reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No such case")
    return case


def link_invalid(request: HttpRequest, reason: str, council=None) -> HttpResponse:
    return resident_page(request, "portal/link_invalid.html", {"reason": _(reason), "council": council}, status=404)


def error_list(fields, errors: dict[str, str]) -> list:
    """(question, message) pairs for the GOV.UK error summary, in the order the questions appear.

    A repeatable group's item errors follow the group's own, each linking to that item's question."""
    pairs = []
    for field in fields:
        if field.name in errors:
            pairs.append((field, errors[field.name]))
        if field.widget == "repeat":
            for index in range(_items_with_errors(field.name, errors)):
                pairs += [(spec, errors[spec.name]) for spec in item_specs(field, index) if spec.name in errors]
    return pairs


def _items_with_errors(group: str, errors: dict[str, str]) -> int:
    """One more than the highest item index among the group's error keys (`bins-3-colour` -> 4)."""
    prefix = group + "-"
    indexes = [key[len(prefix) :].partition("-")[0] for key in errors if key.startswith(prefix)]
    return max((int(i) for i in indexes if i.isdigit()), default=-1) + 1


def question_page_context(page: PageSpec, *, answers: dict, errors: dict[str, str]) -> dict:
    """What `portal/page.html` needs to show one page of questions; the portal and the studio's preview share it."""
    blocks = page_layout(page)
    return {
        "page": page,
        "blocks": blocks,
        "answers": answers,
        "errors": errors,
        "error_list": error_list(page.fields, errors),
        "single_question": len(blocks) == 1 and not blocks[0].nested,
        "multipart": any(f.widget in ("file", "files") for f in page.fields),
        "has_repeat": any(f.widget in ("repeat", "files") for f in page.fields),
    }
