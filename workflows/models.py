"""A service's routing process as a JSON document, versioned; compiled to a viewflow Flow at run time."""

from __future__ import annotations

from django.db import models

from councilflow.versioning import VersionedDefinition


class WorkflowDefinition(VersionedDefinition):
    CONTENT_FIELDS = ("definition", "form_slug")

    definition = models.JSONField(help_text="Steps and transitions; see docs/workflow-language.md.")
    form_slug = models.SlugField(
        max_length=80, help_text="The form whose answers this workflow's conditions read (checked at save time)."
    )

    class Meta(VersionedDefinition.Meta):
        constraints = [
            models.UniqueConstraint(fields=["council", "slug", "version"], name="workflow_definition_unique_version")
        ]

    @property
    def flow_class_name(self) -> str:
        """Name of the compiled viewflow class; `workflows.dynamic` resolves it back to this row."""
        return f"wd{self.pk}"
