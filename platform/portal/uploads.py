"""Checking resident uploads on the server: size, the type libmagic reads from the bytes, and ClamAV.

The browser's declared type and the file name are never trusted; a file whose bytes are not one of
the allowed kinds is refused, and so is one ClamAV finds infected. Checking never stores: staging.py writes a
file to private storage (MEDIA_ROOT, never served) once it is accepted into a draft, with the scan's status.
"""

from __future__ import annotations

import fnmatch
import logging

import magic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from casework.models import ScanStatus
from casework.ports import upload_infected
from casework.services.resident import ResidentFile
from councilflow.virus_scan import ScannerUnavailable, scanner_configured, stream_scan

logger = logging.getLogger(__name__)
SNIFF_BYTES = 4096  # libmagic reads the start of the file; enough for every kind below
# What libmagic calls some kinds residents send, by the name this module uses.
MAGIC_ALIASES = {"image/heif": "image/heic", "image/heic-sequence": "image/heic", "image/heif-sequence": "image/heic"}
DEFAULT_ACCEPT = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "application/pdf"]
TYPE_NAMES = {
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/heic": "HEIC",
    "application/pdf": "PDF",
}


class UploadRejected(Exception):
    """The file is too big, empty, or not an allowed type; the message is shown to the resident."""


def content_type_sniff(head: bytes) -> str | None:
    """The type libmagic reads from the first bytes, when it is one of the kinds residents may send."""
    found = magic.from_buffer(head, mime=True)
    found = MAGIC_ALIASES.get(found, found)
    return found if found in TYPE_NAMES else None


def size_describe(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g}MB"
    return f"{size / 1024:.3g}KB" if size >= 1024 else f"{size} bytes"


def upload_limit_bytes(max_size_mb: float | None) -> int:
    """The smaller of the question's own limit and the platform's."""
    platform = settings.MAX_UPLOAD_BYTES
    return min(platform, int(max_size_mb * 1024 * 1024)) if max_size_mb else platform


def accepted_types_describe(accept: list[str] | None) -> str:
    names = sorted({TYPE_NAMES.get(t, t) for t in DEFAULT_ACCEPT if _allowed(t, accept)})
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _allowed(content_type: str, accept: list[str] | None) -> bool:
    return any(fnmatch.fnmatch(content_type, pattern) for pattern in (accept or DEFAULT_ACCEPT))


def upload_check(upload: UploadedFile, *, accept: list[str] | None, max_size_mb: float | None = None) -> str:
    """The sniffed content type of an acceptable file; UploadRejected otherwise."""
    limit = upload_limit_bytes(max_size_mb)
    if not upload.size:
        raise UploadRejected(_("The selected file is empty"))
    if upload.size > limit:
        raise UploadRejected(_("The selected file must be smaller than %(size)s") % {"size": size_describe(limit)})
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    content_type = content_type_sniff(head)
    if content_type is None or not _allowed(content_type, accept):
        raise UploadRejected(_("The selected file must be a %(types)s") % {"types": accepted_types_describe(accept)})
    return content_type


def upload_scan(upload: UploadedFile, *, council_id: int, reference: str = "") -> str:
    """The scan status to store an accepted file with; UploadRejected when ClamAV finds a virus.

    Scanner down: the file is kept "pending" and the worker scans it later (casework/services/attachment_scan.py);
    no scanner configured: "unscanned". An infected file is never stored, and the council's issues log is told.
    """
    if not scanner_configured():
        return ScanStatus.UNSCANNED
    upload.seek(0)
    try:
        result = stream_scan(upload)
    except ScannerUnavailable as exc:
        logger.warning("virus scanner unavailable, upload kept pending: %s", exc)
        return ScanStatus.PENDING
    finally:
        upload.seek(0)
    if result.infected:
        name = upload_name_clean(upload.name)
        upload_infected.send(
            UploadedFile, council_id=council_id, file_name=name, detail=result.signature, reference=reference
        )
        raise UploadRejected(_("The selected file contains a virus"))
    return ScanStatus.CLEAN


def resident_file(upload: UploadedFile, *, content_type: str, scan_status: str) -> ResidentFile:
    return ResidentFile(
        file=upload,
        name=upload_name_clean(upload.name),
        content_type=content_type,
        size=upload.size,
        scan_status=scan_status,
    )


def upload_name_clean(name: str | None) -> str:
    """Only the last path part, without control characters: it is shown, never used on disk."""
    base = (name or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:200] or "file"
