"""The worker's virus scan of attachments still waiting: stored while the scanner was down, or before there was one.

Run on every worker pass (connectors/sweep.py). It stops at the first sign that clamd is unreachable, so the
files stay pending and are scanned on a later pass: nothing is lost and nothing unscanned is shown. Each row is
updated only if it still has the status this pass read, so two workers scanning at once do no harm.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from councilflow.virus_scan import ScannerUnavailable, scanner_configured, stream_scan

from ..models import Attachment, ScanStatus
from ..ports import upload_infected

logger = logging.getLogger(__name__)
BATCH = 50


def attachments_scan_waiting(*, batch: int = BATCH) -> int:
    """Scan pending (and, now that a scanner is configured, unscanned) files; how many got an answer."""
    if not scanner_configured():
        return 0
    waiting = list(
        Attachment.objects.filter(scan_status__in=[ScanStatus.PENDING, ScanStatus.UNSCANNED])
        .select_related("case")
        .order_by("pk")[:batch]
    )
    done = 0
    for attachment in waiting:
        try:
            if attachment_scan(attachment=attachment):
                done += 1
        except ScannerUnavailable as exc:
            logger.warning("virus scanner unavailable, %s files wait: %s", len(waiting) - done, exc)
            break
    return done


def attachment_scan(*, attachment: Attachment) -> bool:
    """Scan one stored file and record the answer; False when its bytes are missing (left for an officer)."""
    try:
        with attachment.file.open("rb") as stream:
            result = stream_scan(stream)
    except FileNotFoundError:
        logger.error("attachment %s has no file in storage; left %s", attachment.pk, attachment.scan_status)
        return False
    if result.infected:
        attachment_infected_record(attachment=attachment, signature=result.signature)
    else:
        Attachment.objects.filter(pk=attachment.pk, scan_status=attachment.scan_status).update(
            scan_status=ScanStatus.CLEAN, scanned_at=timezone.now()
        )
    return True


def attachment_infected_record(*, attachment: Attachment, signature: str) -> None:
    """The bytes go at once; the row stays (the case shows "removed: a virus was found") and the log is told."""
    updated = Attachment.objects.filter(pk=attachment.pk, scan_status=attachment.scan_status).update(
        scan_status=ScanStatus.INFECTED, scan_signature=signature[:200], scanned_at=timezone.now(), file=""
    )
    if not updated:
        return  # another worker recorded it first
    if attachment.file.name:
        attachment.file.storage.delete(attachment.file.name)
    upload_infected.send(
        Attachment,
        council_id=attachment.case.council_id,
        file_name=attachment.original_name,
        detail=signature,
        reference=attachment.case.reference,
    )
