"""Re-running today's save checks over stored definitions, e.g. after an upgrade tightened them.

Published versions keep running as they are; this says which ones a designer must replace with a
new version (a form pattern RE2 cannot run would fail its form, a leftover Django tag is sent as text).
"""

from __future__ import annotations

from dataclasses import dataclass

from councilflow.errors import DefinitionInvalid, DefinitionProblem
from councilflow.versioning import DefinitionStatus, VersionedDefinition
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from workflows.models import WorkflowDefinition
from workflows.services import workflow_definition_full_check


@dataclass(frozen=True)
class StoredProblems:
    definition: VersionedDefinition
    problems: list[DefinitionProblem]


def definitions_recheck(
    *, statuses: tuple[str, ...] = (DefinitionStatus.PUBLISHED, DefinitionStatus.DRAFT)
) -> list[StoredProblems]:
    """Every stored form and workflow in `statuses` that today's checks refuse, with each problem."""
    found = []
    for form in (
        FormDefinition.objects.filter(status__in=statuses)
        .select_related("council")
        .order_by("council__slug", "slug", "version")
    ):
        try:
            form_definition_check(form.schema, form.ui_schema)
        except DefinitionInvalid as exc:
            found.append(StoredProblems(form, exc.problems))
    for workflow in (
        WorkflowDefinition.objects.filter(status__in=statuses)
        .select_related("council")
        .order_by("council__slug", "slug", "version")
    ):
        try:
            workflow_definition_full_check(workflow)
        except DefinitionInvalid as exc:
            found.append(StoredProblems(workflow, exc.problems))
    return found
