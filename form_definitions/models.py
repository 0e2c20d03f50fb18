"""A service's form: JSON Schema (draft 2020-12) plus a UI schema, versioned."""

from __future__ import annotations

from django.db import models

from councilflow.versioning import VersionedDefinition


class FormDefinition(VersionedDefinition):
    CONTENT_FIELDS = ("schema", "ui_schema")

    schema = models.JSONField(help_text="JSON Schema, draft 2020-12, of the answers.")
    ui_schema = models.JSONField(
        default=dict, blank=True, help_text="Pages, order, labels, hints, widgets, conditions."
    )

    class Meta(VersionedDefinition.Meta):
        constraints = [
            models.UniqueConstraint(fields=["council", "slug", "version"], name="form_definition_unique_version")
        ]
