"""Forms a resident saved to finish later: the answers so far, reachable through an emailed signed link."""

from __future__ import annotations

import uuid

from django.db import models


class SavedForm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey("casework.Service", on_delete=models.CASCADE, related_name="+")
    form_version = models.ForeignKey("form_definitions.FormDefinition", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    draft = models.JSONField(help_text="The session draft: answers, stored uploads, submission token.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.service} saved by {self.email}"


class StagedUpload(models.Model):
    """A resident's checked file on disk before its case exists: the purge removes it with its abandoned draft."""

    path = models.CharField(max_length=255, unique=True, help_text="Storage path under MEDIA_ROOT.")
    draft_token = models.CharField(max_length=64, db_index=True, help_text="The draft (and saved form) that holds it.")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    touched_at = models.DateTimeField(
        db_index=True, help_text="Last time its draft was saved; the purge counts from here."
    )

    class Meta:
        ordering = ["touched_at", "pk"]

    def __str__(self) -> str:
        return self.path
