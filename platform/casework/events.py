"""Appending to a case's timeline: the single way CaseEvents are written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from .models import Case, CaseEvent, CaseTask
from .ports import case_event_observers_notify

_gathered: ContextVar[list[CaseEvent] | None] = ContextVar("case_events_gathered", default=None)


def case_event_record(
    case: Case,
    kind: str,
    summary: str,
    *,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
    detail: dict[str, Any] | None = None,
    resident_visible: bool = False,
    task: CaseTask | None = None,
) -> CaseEvent:
    if actor is not None and not actor_label:
        actor_label = actor.get_full_name() or actor.get_username()
    event = CaseEvent(
        case=case,
        kind=kind,
        summary=summary[:500],
        actor=actor,
        actor_label=actor_label or "System",
        detail=detail or {},
        resident_visible=resident_visible,
        task=task,
    )
    gathered = _gathered.get()
    if gathered is not None:  # written with the rest of the block's events when it ends
        gathered.append(event)
        return event
    event.save(force_insert=True)
    # Observers (reporting's projection) follow the case in this same transaction.
    case_event_observers_notify(event)
    return event


@contextmanager
def case_events_gathered() -> Iterator[list[CaseEvent]]:
    """Inside the block (a submission, in its transaction) events are kept in memory and written in one INSERT
    when it ends; the list then holds them with their ids. Nothing is notified or indexed per event: the caller
    derives the case's other rows once, from the list and the case in hand, instead of reading them back."""
    events: list[CaseEvent] = []
    token = _gathered.set(events)
    try:
        yield events
    finally:
        _gathered.reset(token)
    CaseEvent.objects.bulk_create(events)  # not reached when the block raised
