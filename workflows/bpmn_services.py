"""Importing a BPMN file as a draft workflow definition of one council, through the normal save checks."""

from __future__ import annotations

from django.db import transaction

from councilflow.errors import DefinitionInvalid, DefinitionProblem
from councilflow.versioning import DefinitionStatus
from councils.models import Council, Team

from .bpmn_import import BpmnImportInvalid, bpmn_definition
from .models import WorkflowDefinition
from .services import workflow_definition_full_check


def council_team_names(council: Council) -> dict[str, str]:
    """Each team of the council by its lower-case slug and name (what a lane or candidate group may say)."""
    names: dict[str, str] = {}
    for slug, name in Team.objects.filter(council=council).values_list("slug", "name"):
        names[slug.lower()] = slug
        names[name.strip().lower()] = slug
    return names


def workflow_definition_bpmn_import(
    content: bytes,
    *,
    council: Council,
    slug: str,
    name: str,
    form_slug: str,
    user_id: int | None = None,
) -> WorkflowDefinition:
    """A new draft (version 1) from a BPMN file; raise `DefinitionInvalid` with every problem, saving nothing."""
    if WorkflowDefinition.objects.filter(council=council, slug=slug).exists():
        raise DefinitionInvalid([DefinitionProblem("/slug", f'this council already has a workflow "{slug}"')])
    try:
        definition = bpmn_definition(content, teams=council_team_names(council))
    except BpmnImportInvalid as error:
        raise DefinitionInvalid(error.problems) from error
    workflow = WorkflowDefinition(
        council=council,
        slug=slug,
        name=name or definition.get("title", slug),
        form_slug=form_slug,
        definition=definition,
        status=DefinitionStatus.DRAFT,
        created_by_id=user_id,
        provenance={"imported_from": "bpmn"},
        notes="Imported from a BPMN 2.0 file.",
    )
    workflow_definition_full_check(workflow)
    with transaction.atomic():
        workflow.save()
    return workflow
