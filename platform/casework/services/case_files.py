"""A file an officer or a back-office system adds to a case (the API's attach): on the timeline, never lost on error."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..events import case_event_record
from ..models import Attachment, Case, EventKind
from .concurrency import case_lock_for_edit, case_version_bump
from .resident import ResidentFile, attachment_store

MAX_NOTE = 1000


def case_file_attach(
    user: AbstractBaseUser, case: Case, *, upload: ResidentFile, version: int, note: str = ""
) -> Attachment:
    """Store the (already checked and scanned) file on the case with an internal timeline entry naming it.

    The file is written inside the transaction; if the transaction fails (a stale version, a database error), the
    written file is removed again, so nothing is left on disk for a case that never got it.
    """
    attachment: Attachment | None = None
    try:
        with transaction.atomic():
            case = case_lock_for_edit(user, case, version=version)
            attachment = attachment_store(case, upload, by_resident=False)
            case_version_bump(case)
            note = note.strip()[:MAX_NOTE]
            case_event_record(
                case,
                EventKind.NOTE_ADDED,
                f"File attached: {attachment.original_name}",
                actor=user,
                detail={"text": note, "files": [attachment.original_name], "attachments": [attachment.pk]},
            )
    except BaseException:
        if attachment is not None and attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
