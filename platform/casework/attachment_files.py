"""Serving a case's file: only once it is scanned clean, always as a download with its stored type."""

from __future__ import annotations

from django.http import FileResponse

from .models import Attachment, ScanStatus


def attachment_withheld_reason(attachment: Attachment) -> str:
    """Why the file cannot be served yet (or ever); empty when it can."""
    if attachment.servable:
        return ""
    if attachment.scan_status == ScanStatus.PENDING:
        return f"{attachment.original_name} is being checked for viruses: try again in a few minutes."
    return f"{attachment.original_name} was removed: a virus was found in it."


def attachment_file_response(attachment: Attachment) -> FileResponse:
    """The file as a download, never rendered inline by the browser."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
