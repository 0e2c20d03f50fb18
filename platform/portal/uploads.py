"""Checking resident uploads on the server: size, and the type read from the file's first bytes.

The browser's declared type and the file name are never trusted; a file whose bytes are not one of
the allowed kinds is refused. Checking never stores: staging.py writes a file to private storage (MEDIA_ROOT, never served)
once it is accepted into a draft.
"""

from __future__ import annotations

import fnmatch

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from casework.services.resident import ResidentFile

# Magic numbers of the kinds residents send: photos and documents.
SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"%PDF-", 0, "application/pdf"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypmif1", 4, "image/heic"),
]
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
    for signature, offset, content_type in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    return None


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
    head = upload.read(16)
    upload.seek(0)
    content_type = content_type_sniff(head)
    if content_type is None or not _allowed(content_type, accept):
        raise UploadRejected(_("The selected file must be a %(types)s") % {"types": accepted_types_describe(accept)})
    return content_type


def resident_file(upload: UploadedFile, *, content_type: str) -> ResidentFile:
    return ResidentFile(file=upload, name=upload_name_clean(upload.name), content_type=content_type, size=upload.size)


def upload_name_clean(name: str | None) -> str:
    """Only the last path part, without control characters: it is shown, never used on disk."""
    base = (name or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:200] or "file"
