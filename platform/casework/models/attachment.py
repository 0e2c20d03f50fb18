"""Files attached to a case by a resident or an officer; stored outside the web root, served through a view.

A file is served only once ClamAV found it clean (or, where no scanner is configured, as "unscanned"):
a pending file waits for the worker's scan (casework/services/attachment_scan.py), an infected one loses its
bytes and keeps only its row, so the case says what happened.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploader's file name on disk: an unguessable name per file.
    return f"attachments/{instance.case.council_id}/{uuid.uuid4().hex}"


class ScanStatus(models.TextChoices):
    PENDING = "pending", "Being checked for viruses"
    CLEAN = "clean", "Checked: no virus found"
    INFECTED = "infected", "Removed: a virus was found"
    UNSCANNED = "unscanned", "Not checked (no virus scanner is configured)"


SERVABLE = (ScanStatus.CLEAN, ScanStatus.UNSCANNED)


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
    scan_status = models.CharField(max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING)
    scan_signature = models.CharField(max_length=200, blank=True, help_text="What ClamAV found, if anything.")
    scanned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [  # the worker's scan sweep looks only at these
            models.Index(
                fields=["scan_status"],
                name="attachment_scan_waiting",
                condition=models.Q(scan_status__in=["pending", "unscanned"]),
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def servable(self) -> bool:
        """Its bytes may be shown to an officer (or the resident): scanned clean, or no scanner here."""
        return self.scan_status in SERVABLE
