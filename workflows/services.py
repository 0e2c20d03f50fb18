"""Workflow definitions in the database: checked against the council's form and teams, published immutably."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from councilflow.errors import DefinitionInvalid, DefinitionProblem
from councilflow.versioning import DefinitionStatus, definition_new_draft, definition_publish
from councils.models import Team
from form_definitions.models import FormDefinition

from .check import workflow_definition_check
from .models import WorkflowDefinition
from .ports import connector_types


def workflow_form_schema(workflow: WorkflowDefinition) -> dict | None:
    """Schema of the form the workflow routes on: its published version, else its newest draft."""
    forms = FormDefinition.objects.filter(council_id=workflow.council_id, slug=workflow.form_slug)
    form = forms.filter(status=DefinitionStatus.PUBLISHED).first() or forms.order_by("-version").first()
    return form.schema if form else None


def workflow_definition_full_check(workflow: WorkflowDefinition) -> None:
    """Schema + lint against this council's form, teams and connectors (every step type compiles, see compile.STEP_COMPILERS)."""
    form_schema = workflow_form_schema(workflow)
    if form_schema is None:
        raise DefinitionInvalid([DefinitionProblem("/form_slug", f'no form "{workflow.form_slug}" in this council')])
    teams = set(Team.objects.filter(council_id=workflow.council_id).values_list("slug", flat=True))
    names = connector_types().connector_type_names()
    council_connectors = connector_types().council_connector_slugs(workflow.council_id)
    workflow_definition_check(
        workflow.definition,
        form_schema=form_schema,
        teams=teams,
        connector_types=names,
        council_connectors=council_connectors,
    )


def workflow_definition_publish(
    workflow: WorkflowDefinition, *, user: AbstractBaseUser | None = None
) -> WorkflowDefinition:
    workflow_definition_full_check(workflow)
    return definition_publish(workflow, user=user, service_field="workflow")


def workflow_definition_new_draft(
    workflow: WorkflowDefinition, *, user: AbstractBaseUser | None = None
) -> WorkflowDefinition:
    return definition_new_draft(workflow, user=user)
