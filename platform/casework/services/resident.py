"""What a resident does to an existing case from the tracking page: add information and files.

Adding information to a resolved or closed case reopens it (the resident is telling us it is not
finished); otherwise it flags the open tasks and wakes a workflow that waits for the customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from viewflow.workflow.status import PROCESS

from workflows.cancel_on_events import task_cancel_on_event
from workflows.waits import customer_wait_resume

from ..events import case_event_record
from ..exceptions import CaseworkError
from ..models import Attachment, Case, CaseEvent, EventKind, ScanStatus
from .resolution import REOPENABLE, case_reopen

MAX_TEXT = 5000


@dataclass(frozen=True)
class ResidentFile:
    """An upload the portal has already checked (size, sniffed type, virus scan); `content_type` is the sniffed one."""

    file: File
    name: str
    content_type: str
    size: int
    scan_status: str = ScanStatus.PENDING  # clean, or pending when the scanner was down (the worker scans it)


class NothingToAdd(CaseworkError):
    """Neither text nor a file was given."""


def attachment_store(case: Case, upload: ResidentFile, *, field: str = "", by_resident: bool = True) -> Attachment:
    """Write the file under MEDIA_ROOT with an unguessable name; it is only ever served through a view."""
    attachment = Attachment(
        case=case,
        original_name=upload.name[:255],
        content_type=upload.content_type,
        size=upload.size,
        field=field,
        uploaded_by_resident=by_resident,
        scan_status=upload.scan_status,
    )
    attachment.file.save(upload.name, upload.file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def case_information_add(case: Case, *, text: str, files: list[ResidentFile] | None = None) -> CaseEvent:
    """Record the resident's information on the timeline, flag open tasks, wake or reopen the workflow."""
    text = text.strip()[:MAX_TEXT]
    files = files or []
    if not text and not files:
        raise NothingToAdd("Enter the information you want to add, or choose a file")
    case = Case.objects.select_for_update().get(pk=case.pk)
    attachments = [attachment_store(case, f) for f in files]
    # A withdrawn or cancelled case keeps what the resident adds on its timeline but is not reopened.
    reopening = case.case_status in REOPENABLE and case.status != PROCESS.CANCELED
    flagged = list(case.case_tasks.filter(is_open=True).values_list("pk", flat=True))
    case.case_tasks.filter(pk__in=flagged).update(has_new_information=True)
    names = [a.original_name for a in attachments]
    summary = (
        "You added information"
        if not names
        else f"You added information and {len(names)} file{'s' if len(names) > 1 else ''}"
    )
    if flagged:
        summary += " – the officer has been told"
    event = case_event_record(
        case,
        EventKind.RESIDENT_ADDED_INFO,
        summary,
        actor_label="Resident",
        detail={
            "text": text,
            "files": names,
            "attachments": [a.pk for a in attachments],
            "flagged_tasks": flagged,
            "reopened": reopening,
        },
        resident_visible=True,
    )
    if reopening:
        case_reopen(case, reason=f"Resident added information: {text}" if text else "Resident added files")
        case.case_tasks.filter(is_open=True).update(has_new_information=True)
    elif case.status != PROCESS.CANCELED:
        customer_wait_resume(case)
        task_cancel_on_event(case, event="resident_reply")
    return event
