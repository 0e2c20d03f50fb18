"""Internal notes and messages to the resident; both are timeline events, messages go through the outbox."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..events import case_event_record
from ..exceptions import CaseworkError, SubmissionInvalid
from ..models import Case, CaseEvent, EventKind
from ..ports import resident_channel_word, resident_message_enqueue
from .concurrency import case_lock_for_edit, case_version_bump

MAX_TEXT = 5000


@transaction.atomic
def case_note_add(user: AbstractBaseUser, case: Case, *, text: str, version: int) -> CaseEvent:
    text = text.strip()
    if not text:
        raise SubmissionInvalid({"text": "Enter the note"})
    case = case_lock_for_edit(user, case, version=version)
    case_version_bump(case)
    return case_event_record(
        case, EventKind.NOTE_ADDED, _first_line(text), actor=user, detail={"text": text[:MAX_TEXT]}
    )


@transaction.atomic
def case_message_send(user: AbstractBaseUser, case: Case, *, subject: str, body: str, version: int) -> CaseEvent:
    """Queue an email to the resident in the same transaction as its timeline entry (transactional outbox)."""
    subject, body = subject.strip(), body.strip()
    errors = {
        k: m for k, v, m in (("subject", subject, "Enter a subject"), ("body", body, "Enter the message")) if not v
    }
    if errors:
        raise SubmissionInvalid(errors)
    case = case_lock_for_edit(user, case, version=version)
    delivery = resident_message_enqueue(case, subject=subject[:200], body=body[:MAX_TEXT], purpose="officer_message")
    if delivery is None:  # raising rolls the transaction back: nothing is saved
        raise CaseworkError("This resident has no email address; phone them and add a note instead")
    case_version_bump(case)
    return case_event_record(
        case,
        EventKind.MESSAGE_SENT,
        f"{resident_channel_word(delivery)} queued: {subject[:200]}",
        actor=user,
        detail={"to": "resident", "subject": subject[:200], "body": body[:MAX_TEXT], "channel": delivery.kind},
        resident_visible=True,
    )


def _first_line(text: str) -> str:
    line = text.splitlines()[0]
    return line if len(line) <= 160 else line[:157] + "…"
