"""Importing a BPMN file as a draft workflow definition of one council, through the normal save checks."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

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
    slug: str | None,
    name: str,
    form_slug: str,
    user_id: int | None = None,
) -> WorkflowDefinition:
    """A new draft from a BPMN file: version 1 of a new slug (made from the name when `slug` is None), or the
    next version of an existing one. Raise `DefinitionInvalid` with every problem, saving nothing."""
    try:
        definition = bpmn_definition(content, teams=council_team_names(council))
    except BpmnImportInvalid as error:
        raise DefinitionInvalid(error.problems) from error
    if slug is None:
        slug = workflow_slug_new(council=council, name=name or str(definition.get("title", "")))
    latest = WorkflowDefinition.objects.filter(council=council, slug=slug).order_by("-version").first()
    workflow = WorkflowDefinition(
        council=council,
        slug=slug,
        name=name or (latest.name if latest else str(definition.get("title", slug))),
        version=latest.version + 1 if latest else 1,
        form_slug=form_slug,
        definition=definition,
        status=DefinitionStatus.DRAFT,
        created_by_id=user_id,
        provenance={"imported_from": "bpmn"},
        notes="Imported from a BPMN 2.0 file.",
    )
    workflow_definition_full_check(workflow)
    try:
        with transaction.atomic():
            workflow.save()
    except IntegrityError as error:  # another version of this slug was saved in between
        problem = DefinitionProblem("/slug", f'a version {workflow.version} of "{slug}" was just saved; import again')
        raise DefinitionInvalid([problem]) from error
    return workflow


def workflow_slug_new(*, council: Council, name: str) -> str:
    """A slug no workflow of the council has yet, made from the name (the studio never asks for one)."""
    base = slugify(name)[:70].strip("-") or "imported-workflow"
    taken = set(
        WorkflowDefinition.objects.filter(council=council, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
