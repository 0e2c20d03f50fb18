"""The life of a resident's file before its case exists: staged for a draft, then owned by a case or purged.

A file reaches disk only once it is accepted into a draft (its page was answered correctly, under the
rate limit). Each staged file has a StagedUpload row naming its draft, so files of drafts nobody
finishes are found and removed by the worker's purge (DRAFT_MAX_AGE_HOURS after the draft was last
saved), unless the resident saved the draft for later and the saved form has not expired.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.json import KT
from django.utils import timezone

from casework.models import Attachment
from casework.services.submission import StoredUpload

from .models import SavedForm, StagedUpload

DEFAULT_DRAFT_MAX_AGE_HOURS = 24


def draft_max_age() -> timedelta:
    return timedelta(hours=float(getattr(settings, "DRAFT_MAX_AGE_HOURS", DEFAULT_DRAFT_MAX_AGE_HOURS)))


def upload_stage(
    upload: UploadedFile,
    *,
    council_id: int,
    field: str,
    content_type: str,
    original_name: str,
    draft_token: str,
    scan_status: str,
) -> StoredUpload:
    """Write a checked file to private storage and record which draft holds it (and what ClamAV said)."""
    path = default_storage.save(f"attachments/{council_id}/{uuid.uuid4().hex}", upload)
    size = upload.size or 0
    StagedUpload.objects.create(
        path=path, draft_token=draft_token[:64], council_id=council_id, size=size, touched_at=timezone.now()
    )
    return StoredUpload(
        field=field,
        path=path,
        original_name=original_name,
        content_type=content_type,
        size=size,
        scan_status=scan_status,
    )


def staged_uploads_discard(*, paths: Iterable[str]) -> None:
    """Remove staged files (a replaced answer, a hidden question's file) and their rows."""
    paths = list(paths)
    for path in paths:
        default_storage.delete(path)
    StagedUpload.objects.filter(path__in=paths).delete()


def staged_uploads_settle(*, paths: Iterable[str]) -> None:
    """After a submission: files that became the case's attachments stay (the case owns them); the rest go."""
    paths = list(paths)
    if not paths:  # the usual submission: no files, so no queries
        return
    owned = set(Attachment.objects.filter(file__in=paths).values_list("file", flat=True))
    for path in paths:
        if path not in owned:
            default_storage.delete(path)
    StagedUpload.objects.filter(path__in=paths).delete()


def staged_uploads_touch(*, paths: Iterable[str]) -> None:
    """The draft was saved again: its files are not abandoned yet."""
    paths = list(paths)
    if paths:
        StagedUpload.objects.filter(path__in=paths).update(touched_at=timezone.now())


def staged_uploads_missing(*, paths: Iterable[str]) -> set[str]:
    """Paths whose staged file was purged (the draft sat too long): the resident must choose them again."""
    paths = set(paths)
    return paths - set(StagedUpload.objects.filter(path__in=paths).values_list("path", flat=True)) if paths else set()


def upload_purge(*, now: datetime | None = None) -> int:
    """Remove files of drafts not saved for DRAFT_MAX_AGE_HOURS and not kept by an unexpired saved form.

    Run by the worker on every pass. A row whose file already became an attachment (a crash between
    the case's commit and the settling) loses only its row.
    """
    now = now or timezone.now()
    kept = SavedForm.objects.filter(expires_at__gte=now).annotate(token=KT("draft__token")).values("token")
    stale = list(
        StagedUpload.objects.filter(touched_at__lt=now - draft_max_age())
        .exclude(draft_token__in=kept)
        .values_list("path", flat=True)[:500]
    )
    if stale:
        staged_uploads_settle(paths=stale)
    return len(stale)
