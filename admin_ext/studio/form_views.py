"""The form builder's pages: the form's own page (pages and questions) and one POST per edit.

Every edit goes through the same check the engine uses (form_definition_check) before it is saved; a refusal
re-renders the page with each problem on its question and the designer's typed input kept, and saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from councilflow.errors import DefinitionInvalid, DefinitionProblem
from form_definitions.meta import form_definition_check
from form_definitions.meta_ui import CUSTOMER_KEYS
from form_definitions.models import FormDefinition
from sharing.models import LookupList

from . import form_page_edits, form_question_edits, form_settings_edits
from .access import studio_form_get, studio_view
from .form_edit_inputs import Direction
from .form_model import form_structure_from_json
from .form_page import form_edit_context
from .form_panel_words import ITEM_MOVE
from .form_post import question_input_from_post
from .form_problems import item_row_anchor, problems_place, question_anchor

Edit = Callable[[dict, dict], tuple[dict, dict]]


@studio_view
@require_GET
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    form = studio_form_get(request, pk)
    return TemplateResponse(request, "studio/form/edit.html", form_edit_context(request, form))


def _edit_url(form: FormDefinition, *, question: str | None = None, anchor: str = "") -> str:
    url = reverse("studio:form_edit", args=[form.pk])
    if question:
        url += f"?q={question}"
    return url + (f"#{anchor}" if anchor else "")


def _saved_or_refused(
    request: HttpRequest,
    form: FormDefinition,
    edit: Edit,
    *,
    open_question: str | None = None,
    posted: str = "",
    anchor: str = "",
    reopen: bool = False,
) -> HttpResponse:
    """Apply, check, save, redirect; or the page again with the problems in place and nothing saved."""
    if not form.is_editable:
        problems = [
            DefinitionProblem(
                "", f"Version {form.version} is {form.get_status_display().lower()}; start a new draft to change it"
            )
        ]
        return _refused(request, form, problems, open_question=None, posted="")
    try:
        schema, ui_schema = edit(form.schema, form.ui_schema or {})
        form_definition_check(schema, ui_schema)
    except DefinitionInvalid as exc:
        return _refused(request, form, exc.problems, open_question=open_question, posted=posted)
    form.schema, form.ui_schema = schema, ui_schema
    form.save(update_fields=["schema", "ui_schema"])
    return HttpResponseRedirect(_edit_url(form, question=open_question if reopen else None, anchor=anchor))


def _refused(
    request: HttpRequest,
    form: FormDefinition,
    problems: list[DefinitionProblem],
    *,
    open_question: str | None,
    posted: str,
) -> HttpResponse:
    placed = problems_place(form_structure_from_json(form.schema, form.ui_schema), problems)
    context = form_edit_context(request, form, problems=placed, open_question=open_question, posted=posted)
    return TemplateResponse(request, "studio/form/edit.html", context, status=400)


def _welsh(form: FormDefinition) -> bool:
    return bool(form.council.welsh_enabled)


def _lookup_options(form: FormDefinition, post: QueryDict, *, name: str) -> list[tuple[str, str]] | None:
    """Options copied from one of the council's lookup lists (the form language has no live lists).

    Anything else chosen (another council's list, a forged value) is refused at the options, like a choice
    field's "Select a valid choice", rather than quietly ignored while the rest of the panel saves.
    """
    chosen = (post.get("lookup_list") or "").strip()
    if not chosen:
        return None
    lookup = LookupList.objects.filter(council_id=form.council_id, pk=int(chosen)).first() if chosen.isdigit() else None
    if lookup is None:
        raise DefinitionInvalid(
            [
                DefinitionProblem(
                    f"/studio/{name}/options",
                    "Select a valid choice: that lookup list is not one of this council's lists",
                )
            ]
        )
    return [(row.key, row.value or row.key) for row in lookup.rows.order_by("key")]


@studio_view
@require_POST
def form_question_update(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    form = studio_form_get(request, pk)

    def edit(schema: dict, ui_schema: dict) -> tuple[dict, dict]:
        structure = form_structure_from_json(schema, ui_schema)
        question = structure.questions.get(name)
        if question is None:
            raise DefinitionInvalid([DefinitionProblem(f"/ui_schema/fields/{name}", "no such question")])
        data = question_input_from_post(structure, question, request.POST, welsh=_welsh(form))
        from_lookup = _lookup_options(form, request.POST, name=name)
        if from_lookup:
            data.options, data.options_enum = from_lookup, False
        return form_question_edits.form_question_update(schema, ui_schema, name=name, data=data)

    moved = (request.POST.get(ITEM_MOVE) or "").rpartition(":")[0]
    if moved:  # an item question's Move button or drag: saved with the panel, which stays open at the row
        anchor = item_row_anchor(name, moved)
        return _saved_or_refused(request, form, edit, open_question=name, posted=name, anchor=anchor, reopen=True)
    return _saved_or_refused(request, form, edit, open_question=name, posted=name, anchor=question_anchor(name))


@studio_view
@require_POST
def form_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = studio_form_get(request, pk)
    page_id = request.POST.get("page", "")
    label = (request.POST.get("label") or "").strip()
    before = set(form.schema.get("properties", {}))

    def edit(schema: dict, ui_schema: dict) -> tuple[dict, dict]:
        return form_question_edits.form_question_add(
            schema, ui_schema, page_id=page_id, label=label, widget=request.POST.get("widget", "")
        )

    response = _saved_or_refused(request, form, edit, posted=f"add:{page_id}")
    if response.status_code == 302:  # open the new question's panel to carry on with its options and rules
        added = [n for n in form.schema.get("properties", {}) if n not in before]
        if added:
            return HttpResponseRedirect(_edit_url(form, question=added[0], anchor=question_anchor(added[0])))
    return response


@studio_view
@require_POST
def form_question_move(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    form = studio_form_get(request, pk)
    direction: Direction = "up" if request.POST.get("direction") == "up" else "down"
    return _saved_or_refused(
        request,
        form,
        lambda s, u: form_question_edits.form_question_move(s, u, name=name, direction=direction),
        anchor=question_anchor(name),
    )


@studio_view
@require_POST
def form_question_place(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Drag and drop (JavaScript): the question to a position on a page; checked and saved like every edit."""
    form = studio_form_get(request, pk)
    page_id = request.POST.get("page", "")
    index_text = request.POST.get("index", "")
    index = int(index_text) if index_text.isdigit() else 0
    return _saved_or_refused(
        request,
        form,
        lambda s, u: form_question_edits.form_question_place(s, u, name=name, page_id=page_id, index=index),
        anchor=question_anchor(name),
    )


@studio_view
@require_POST
def form_question_remove(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    form = studio_form_get(request, pk)
    return _saved_or_refused(request, form, lambda s, u: form_question_edits.form_question_remove(s, u, name=name))


@studio_view
@require_POST
def form_page_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = studio_form_get(request, pk)
    post = request.POST
    return _saved_or_refused(
        request,
        form,
        lambda s, u: form_page_edits.form_page_add(
            s, u, title=post.get("title", ""), label=post.get("label", ""), widget=post.get("widget", "")
        ),
        posted="new_page",
        anchor="sf-pages-end",
    )


@studio_view
@require_POST
def form_page_update(request: HttpRequest, pk: int, page_id: str) -> HttpResponse:
    form = studio_form_get(request, pk)
    welsh = request.POST.get("cy_title") if _welsh(form) else None
    return _saved_or_refused(
        request,
        form,
        lambda s, u: form_page_edits.form_page_update(
            s, u, page_id=page_id, title=(request.POST.get("title") or "").strip(), welsh_title=welsh
        ),
        posted=f"page:{page_id}",
        anchor=f"p-{page_id}",
    )


@studio_view
@require_POST
def form_page_move(request: HttpRequest, pk: int, page_id: str) -> HttpResponse:
    form = studio_form_get(request, pk)
    direction: Direction = "up" if request.POST.get("direction") == "up" else "down"
    return _saved_or_refused(
        request,
        form,
        lambda s, u: form_page_edits.form_page_move(s, u, page_id=page_id, direction=direction),
        anchor=f"p-{page_id}",
    )


@studio_view
@require_POST
def form_page_remove(request: HttpRequest, pk: int, page_id: str) -> HttpResponse:
    form = studio_form_get(request, pk)
    return _saved_or_refused(request, form, lambda s, u: form_page_edits.form_page_remove(s, u, page_id=page_id))


@studio_view
@require_POST
def form_customer_update(request: HttpRequest, pk: int) -> HttpResponse:
    form = studio_form_get(request, pk)
    mapping = {role: (request.POST.get(f"customer_{role}") or "").strip() for role in CUSTOMER_KEYS}
    return _saved_or_refused(
        request,
        form,
        lambda s, u: form_settings_edits.form_customer_update(s, u, mapping=mapping),
        posted="customer",
        anchor="sf-customer",
    )


@studio_view
@require_POST
def form_welsh_title_update(request: HttpRequest, pk: int) -> HttpResponse:
    form = studio_form_get(request, pk)
    title = request.POST.get("cy_form_title") or ""
    return _saved_or_refused(
        request,
        form,
        lambda s, u: form_settings_edits.form_welsh_title_update(s, u, title=title),
        posted="welsh_title",
        anchor="sf-welsh-title",
    )
