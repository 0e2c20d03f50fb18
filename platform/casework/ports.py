"""What the casework domain needs from the features built on it, declared here so it never imports them.

- `outbox`: connectors writes Delivery rows (an email, a resident's message — GOV.UK Notify email or SMS when the
  council configured it —, a back-office call) in the case change's transaction.
- `resident_links`: the portal builds the signed tracking link a resident gets by email.
- case event observers: reporting keeps its projection in step with every recorded CaseEvent.
- `upload_infected`: sent for each upload ClamAV blocks (portal at upload, casework's scan sweep later); reporting
  raises the issues log item (keyword arguments: council_id, file_name, detail, reference).
- `case_personal_data_erased`: connectors blanks the case's delivery payloads and webhook results.
Each provider registers in its AppConfig.ready() (docs/architecture.md, "Ports").
"""

from __future__ import annotations

from typing import Any, Protocol

from django.dispatch import Signal

from councilflow.ports import Port

upload_infected = Signal()
# Sent inside the erasure's transaction with `case` (its personal data just removed): features holding copies
# (connectors' delivery payloads) blank them. A receiver that fails rolls the erasure back.
case_personal_data_erased = Signal()


class Outbox(Protocol):
    def delivery_enqueue_email(
        self, case: Any, *, to: list[str], subject: str, body: str, purpose: str = ""
    ) -> Any: ...

    def resident_message_enqueue(self, case: Any, *, subject: str, body: str, purpose: str = "") -> Any | None: ...

    def connector_call_enqueue(self, case: Any, *, slot: str, step_id: str, reply_task_id: int | None) -> Any: ...


class ResidentLinks(Protocol):
    def case_tracking_url(self, case: Any) -> str: ...


class CaseEventObserver(Protocol):
    def case_event_recorded(self, event: Any) -> None:
        """Called in the transaction that records the event: a failure fails the case change."""

    def case_created(self, case: Any, *, events: list[Any]) -> None:
        """A case created in this transaction, with every event it has so far (written, with ids): derive its
        rows from them without reading anything back."""


outbox: Port[Outbox] = Port("casework.ports.outbox", provider="connectors")
resident_links: Port[ResidentLinks] = Port("casework.ports.resident_links", provider="portal")
_observers: list[CaseEventObserver] = []


def delivery_enqueue_email(case: Any, *, to: list[str], subject: str, body: str, purpose: str = "") -> Any:
    """Queue an email through the outbox; call inside the case change's transaction so a rollback drops it."""
    return outbox().delivery_enqueue_email(case, to=to, subject=subject, body=body, purpose=purpose)


def resident_message_enqueue(case: Any, *, subject: str, body: str, purpose: str = "") -> Any | None:
    """Queue a message to the case's resident (email; a text through Notify when they gave only a phone number).

    None when there is no way to reach them. Call inside the case change's transaction.
    """
    return outbox().resident_message_enqueue(case, subject=subject, body=body, purpose=purpose)


def resident_channel_word(delivery: Any) -> str:
    """ "Email" or "Text message": how a queued resident message is named on the timeline."""
    return "Text message" if getattr(delivery, "kind", "") == "sms" else "Email"


def connector_call_enqueue(case: Any, *, slot: str, step_id: str, reply_task_id: int | None) -> Any:
    """Queue a call to the council's connector for `slot` through the outbox, in the current transaction."""
    return outbox().connector_call_enqueue(case, slot=slot, step_id=step_id, reply_task_id=reply_task_id)


def case_tracking_url(case: Any) -> str:
    """The resident's signed tracking link (a bearer credential: never put it in a timeline event)."""
    return resident_links().case_tracking_url(case)


def case_event_observer_register(observer: CaseEventObserver) -> None:
    """Called from an AppConfig.ready(); registering the same observer twice has no effect."""
    if observer not in _observers:
        _observers.append(observer)


def case_event_observers_notify(event: Any) -> None:
    for observer in _observers:
        observer.case_event_recorded(event)


def case_event_observers_case_created(case: Any, *, events: list[Any]) -> None:
    for observer in _observers:
        observer.case_created(case, events=events)
