"""The workflow builder's pages: thin views that parse the POST, call one edit, and save it or show why not."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from councilflow.errors import DefinitionInvalid
from councils.models import Team

from .access import studio_context, studio_view, studio_workflow_get
from .workflow_cards import step_open_href
from .workflow_edits import (
    workflow_definition_replace,
    workflow_settings_update,
    workflow_step_add,
    workflow_step_move,
    workflow_step_remove,
    workflow_step_update,
)
from .workflow_page import workflow_diagram_context, workflow_field_types, workflow_page_context

TEMPLATE = "studio/workflow/edit.html"


@studio_view
@require_http_methods(["GET", "POST"])
def workflow_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder; `?step=<id>` opens one step's form. A step's Save (or another step's Edit, which saves the
    open one first and names the next in `then`) that changes nothing writes nothing."""
    workflow = studio_workflow_get(request, pk)
    if request.method == "GET":
        return _page(request, workflow, open_step=request.GET.get("step", ""))
    if not workflow.is_editable:
        raise Http404("A published version is read-only")
    action = request.POST.get("action", "")
    values = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "action", "then")}
    then = request.POST.get("then", "")
    form_key, anchor, open_after = "settings", "wf-settings", ""
    try:
        if action.startswith("step-"):
            index = _index(values.get("index", ""))
            form_key, anchor = f"step-{index}", f"step-{index}"
            definition = _step_action(workflow, action, index, values)
            if action == "step-save":
                open_after = then or definition["steps"][index]["id"]
            elif action in ("step-up", "step-down"):
                moved = workflow.definition["steps"][index]["id"]
                anchor = f"step-{next(i for i, s in enumerate(definition['steps']) if s['id'] == moved)}"
        elif action == "add":
            form_key, anchor = "add", "wf-add"
            open_after = str(values.get("step_id", "")).strip()
            team = (
                Team.objects.filter(council_id=workflow.council_id)
                .order_by("name")
                .values_list("slug", flat=True)
                .first()
            )
            definition = workflow_step_add(
                workflow.definition,
                step_type=values.get("step_type", ""),
                step_id=open_after,
                after=values.get("after", ""),
                team=team or "",
            )
        elif action == "settings":
            definition = workflow_settings_update(workflow.definition, values=values)
        else:
            raise Http404("Unknown action")
        if definition != workflow.definition:
            workflow_definition_replace(workflow, definition=definition)
    except DefinitionInvalid as invalid:
        workflow.refresh_from_db()
        keep = {form_key: values} if action in ("step-save", "add", "settings") else {}
        return _page(request, workflow, problems=invalid.problems, posted=keep, not_opened=then)
    ids = [s["id"] for s in definition["steps"]]
    if open_after in ids:
        return redirect(f"{request.path}{step_open_href(open_after, f'step-{ids.index(open_after)}')}")
    return redirect(f"{request.path}#{anchor}")


def _step_action(workflow, action: str, index: int, values: dict) -> dict:
    if action == "step-save":
        return workflow_step_update(
            workflow.definition, index=index, values=values, field_types=workflow_field_types(workflow)
        )
    if action == "step-remove":
        return workflow_step_remove(workflow.definition, index=index)
    if action in ("step-up", "step-down"):
        return workflow_step_move(workflow.definition, index=index, offset=-1 if action == "step-up" else 1)
    raise Http404("Unknown action")


def _index(text: str) -> int:
    if not text.isdigit():
        raise Http404("No such step")
    return int(text)


def _page(request: HttpRequest, workflow, **kwargs) -> TemplateResponse:
    context = workflow_page_context(workflow, **kwargs)
    return TemplateResponse(
        request,
        TEMPLATE,
        studio_context(request, title=f"Workflow: {workflow.name}", **context),
        status=200,
    )


@studio_view
def workflow_diagram_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """Just the diagram, for htmx to refresh beside the steps."""
    workflow = studio_workflow_get(request, pk)
    return TemplateResponse(request, "studio/workflow/_diagram.html", workflow_diagram_context(workflow))
