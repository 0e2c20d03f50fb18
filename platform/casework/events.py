"""Appending to a case's timeline: the single way CaseEvents are written."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from .models import Case, CaseEvent, CaseTask
from .ports import case_event_observers_notify


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
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary[:500],
        actor=actor,
        actor_label=actor_label or "System",
        detail=detail or {},
        resident_visible=resident_visible,
        task=task,
    )
    # Observers (reporting's projection) follow the case in this same transaction.
    case_event_observers_notify(event)
    return event
