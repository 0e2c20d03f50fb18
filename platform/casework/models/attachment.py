"""Files attached to a case by a resident or an officer; stored outside the web root, served through a view."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploader's file name on disk: an unguessable name per file.
    return f"attachments/{instance.case.council_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    field = models.CharField(max_length=80, blank=True, help_text="Form question it answers, if any.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by_resident = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
