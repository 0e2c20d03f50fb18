"""Building and storing a case's search document: reference, customer, answers, notes and messages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..customers import phone_search_words
from ..models import Case, CaseEvent, CaseSearchDocument, EventKind

# Events whose words an officer may search for.
TEXT_EVENT_KINDS = (EventKind.NOTE_ADDED, EventKind.MESSAGE_SENT, EventKind.RESIDENT_ADDED_INFO)
_WORD = re.compile(r"[\W_]+", re.UNICODE)  # underscores split words, as in PostgreSQL's parser
# A postcode written without its space ("rd14xy"): its outward code ("rd1") is indexed as a word of its own, so
# a search for an outward code is one exact word, not a prefix that also matches rd10…rd19 and every rd1… postcode.
RUN_TOGETHER_POSTCODE = re.compile(r"[a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2}")


def search_words(text: str) -> list[str]:
    """Lower-case words with punctuation removed: the same on both databases and for both sides of a match."""
    return [w for w in _WORD.split(text.lower()) if w]


def case_search_body(case: Case, *, customer=None, event_texts: Iterable[str] = ()) -> str:
    customer = customer if customer is not None else case.customer
    parts: list[str] = [case.reference, case.reference.replace("-", "")]
    if customer is not None:
        postcode = customer.postcode or ""
        parts += [
            customer.name,
            customer.email,
            *phone_search_words(customer.phone),
            postcode,
            postcode.replace(" ", ""),
            customer.address,
            customer.uprn,
        ]
    parts += list(_answer_texts(case.answers))
    parts += list(event_texts)
    words = search_words(" ".join(p for p in parts if p))
    return " ".join(words + postcode_part_words(words))


def postcode_part_words(words: list[str]) -> list[str]:
    """The outward and inward codes of each run-together postcode whose outward code is not already a word."""
    present, extra = set(words), []
    for word in words:
        if RUN_TOGETHER_POSTCODE.fullmatch(word) and word[:-3] not in present:
            present.add(word[:-3])
            extra += [word[:-3], word[-3:]]
    return extra


def _answer_texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
        if re.fullmatch(r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}", value.strip()):
            yield value.replace(" ", "")  # a postcode typed with or without its space
    elif isinstance(value, dict):
        # In key order: PostgreSQL's jsonb hands keys back in its own order, and a document built from the
        # answers in hand (a submission) must equal one rebuilt from the stored row.
        for key in sorted(value):
            yield from _answer_texts(value[key])
    elif isinstance(value, list):
        for item in value:
            yield from _answer_texts(item)


def event_search_text(event_detail: dict) -> str:
    return " ".join(
        str(event_detail.get(key, "")) for key in ("text", "subject", "body", "message") if event_detail.get(key)
    )


def case_search_index(case_id: int) -> None:
    """(Re)write one case's document; called from the service layer's signals on every text change."""
    case = Case.objects.select_related("customer").filter(pk=case_id).first()
    if case is None or not case.reference:
        return
    details = CaseEvent.objects.filter(case_id=case_id, kind__in=TEXT_EVENT_KINDS).values_list("detail", flat=True)
    _document_store(case, case_search_body(case, event_texts=[event_search_text(d) for d in details]))


def case_search_index_new(case: Case, *, events: Iterable[CaseEvent]) -> None:
    """The document of a case created in this transaction, from the case and every event in hand (no read)."""
    texts = [event_search_text(e.detail) for e in events if e.kind in TEXT_EVENT_KINDS]
    _document_store(case, case_search_body(case, event_texts=texts))


def _document_store(case: Case, body: str) -> None:
    # One upsert statement instead of update_or_create's savepoints, read and write: this runs on every submission.
    CaseSearchDocument.objects.bulk_create(
        [CaseSearchDocument(case_id=case.pk, council_id=case.council_id, body=body)],
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=["council", "body", "updated_at"],
    )


def customer_cases_reindex(customer_id: int) -> None:
    for case_id in Case.objects.filter(customer_id=customer_id).values_list("pk", flat=True):
        case_search_index(case_id)
