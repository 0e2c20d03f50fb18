"""The two kinds of versioned definition the studio edits ("form", "workflow"): one table of how each is
fetched (scoped), checked, published and drafted, so the version, compare and JSON pages serve both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from councilflow.versioning import VersionedDefinition
from form_definitions.meta import form_definition_check
from form_definitions.models import FormDefinition
from form_definitions.services import form_definition_new_draft, form_definition_publish
from workflows.models import WorkflowDefinition
from workflows.services import (
    workflow_definition_full_check,
    workflow_definition_new_draft,
    workflow_definition_publish,
)

from .access import studio_forms, studio_workflows


def _form_check(row: Any) -> None:
    form_definition_check(row.schema, row.ui_schema)


@dataclass(frozen=True)
class DefinitionKind:
    name: str  # "form" | "workflow", as in the URLs
    label: str
    json_fields: tuple[str, ...]  # the stored JSON the expert mode edits, in this order
    scoped: Callable[[HttpRequest], QuerySet]
    check: Callable[[Any], None]  # the engine's own save-time check; raises DefinitionInvalid
    publish: Callable[..., VersionedDefinition]
    new_draft: Callable[..., VersionedDefinition]
    builder_url_name: str  # another helper's page (may not be merged yet: reverse with a fallback)

    def document(self, row: VersionedDefinition) -> dict[str, Any]:
        """What expert mode shows: the stored JSON fields, keyed by field name."""
        return {field: getattr(row, field) for field in self.json_fields}


KINDS: dict[str, DefinitionKind] = {
    "form": DefinitionKind(
        name="form",
        label="form",
        json_fields=("schema", "ui_schema"),
        scoped=studio_forms,
        check=_form_check,
        publish=form_definition_publish,
        new_draft=form_definition_new_draft,
        builder_url_name="studio:form_edit",
    ),
    "workflow": DefinitionKind(
        name="workflow",
        label="workflow",
        json_fields=("definition",),
        scoped=studio_workflows,
        check=workflow_definition_full_check,
        publish=workflow_definition_publish,
        new_draft=workflow_definition_new_draft,
        builder_url_name="studio:workflow_edit",
    ),
}


def definition_kind_get(kind: str) -> DefinitionKind:
    if kind not in KINDS:
        raise Http404("No such kind of definition")
    return KINDS[kind]


def definition_get(request: HttpRequest, kind: str, pk: int) -> tuple[DefinitionKind, Any]:
    """The row, only when it belongs to one of the designer's councils (else 404, like any other row)."""
    spec = definition_kind_get(kind)
    row = spec.scoped(request).select_related("council").filter(pk=pk).first()
    if row is None:
        raise Http404(f"No such {spec.label}")
    return spec, row


def definition_versions(spec: DefinitionKind, row: Any) -> QuerySet:
    """Every version of the row's slug in its council, newest first."""
    model: type[FormDefinition] | type[WorkflowDefinition] = type(row)
    return model.objects.filter(council_id=row.council_id, slug=row.slug).order_by("-version")


def definition_user(request: HttpRequest) -> AbstractBaseUser | None:
    user = request.user
    return user if isinstance(user, AbstractBaseUser) else None
