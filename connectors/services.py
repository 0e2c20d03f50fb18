"""Connector state changes used by the rest of the product: queue a call, apply a reply, record a death.

`connector_call_enqueue` is what workflow `connector` / `wait_for_reply` steps call. It only writes
rows in the caller's transaction (transactional outbox): a rolled-back case change leaves no Delivery.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from casework.events import case_event_record
from workflows.cancel_on_events import task_cancel_on_event
from workflows.waits import reply_wait_resume

from .context import case_context_build
from .mapping import MappingError
from .models import Connector, Delivery
from .ports import slot_bindings
from .types.registry import UnknownConnectorType, connector_type_get

logger = logging.getLogger(__name__)
REPLIES_KEY = "_connectors"  # case.task_answers[REPLIES_KEY][slot] holds mapped back-office replies


def connector_for_slot(case, *, slot: str) -> Connector | None:
    """The case's council's active connector for `slot`.

    A council that imported a shared service binds each slot to one of its own connectors; otherwise
    the connector whose slug is the slot name is used.
    """
    slug = slot_bindings().service_connector_slug_for(case.council, case.service.slug, slot) or slot
    return Connector.objects.filter(council_id=case.council_id, slug=slug, is_active=True).first()


def connector_call_enqueue(case, *, slot: str, step_id: str, reply_task_id: int | None) -> Delivery:
    """Queue a call to the council's connector for `slot`, in the current transaction.

    A council with no active connector for the slot does not lose the case: the Delivery is written
    dead-lettered with a clear last_error and a connector_failed event, a waiting step (if any) is
    resumed on its failed path after commit, and an admin "retry" re-resolves the binding later.
    """
    connector = connector_for_slot(case, slot=slot)
    base = {
        "council_id": case.council_id,
        "case": case,
        "kind": Delivery.Kind.CONNECTOR,
        "purpose": step_id[:60],
        "step_task_id": reply_task_id,
    }
    error = ""
    if connector is None:
        error = f"No active connector '{slot}' is configured for {case.council.name}; configure one and retry."
    else:
        try:
            payload = delivery_payload_build(connector, case=case, step_id=step_id)
        except (MappingError, UnknownConnectorType) as exc:  # a configuration fault must not lose the case
            error = f"Connector {connector.slug} could not build its message: {exc}; fix its configuration and retry."
    if error:
        delivery = Delivery.objects.create(
            **{**base, "connector": None},
            payload={"slot": slot, "step_id": step_id},
            status=Delivery.Status.DEAD,
            last_error=error,
        )
        case_event_record(
            case,
            "connector_failed",
            f"Not sent: {error}",
            detail={"delivery_id": delivery.pk, "slot": slot, "step_id": step_id},
        )
        if reply_task_id is not None:
            transaction.on_commit(lambda: delivery_reply_resume(delivery.pk, outcome="failed", data={"error": error}))
        return delivery
    payload.update({"slot": slot, "step_id": step_id})
    delivery = Delivery.objects.create(**base, connector=connector, payload=payload)
    case_event_record(
        case,
        "notification_queued",
        f"Queued for {connector.name}",
        detail={"delivery_id": delivery.pk, "connector": connector.slug, "step_id": step_id},
    )
    return delivery


def delivery_payload_build(connector: Connector, *, case, step_id: str) -> dict[str, Any]:
    """The connector type's message for this case, rendered from its request mapping now."""
    context = case_context_build(case, step_id=step_id)
    return {"message": connector_type_get(connector.kind).payload_build(connector, context)}


def delivery_mark_sent(delivery: Delivery, *, response: dict[str, Any], reply: dict[str, Any] | None) -> None:
    """Record a successful send (and a synchronous reply) in one transaction."""
    with transaction.atomic():
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.response = response
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "sent_at", "response", "last_error"])
        if delivery.case_id is None or delivery.kind != Delivery.Kind.CONNECTOR:
            return
        name = delivery.connector.name if delivery.connector_id else "back office"
        case_event_record(
            delivery.case,
            "connector_sent",
            f"Sent to {name}",
            detail={
                "delivery_id": delivery.pk,
                "attempts": delivery.attempts,
                "status_code": response.get("status_code"),
            },
        )
        if reply is not None:
            case_reply_apply(delivery.case, delivery=delivery, data=reply, source=name)


def delivery_mark_dead(delivery: Delivery) -> None:
    """Record a dead letter: CaseEvent connector_failed and a waiting step resumed on its failed path."""
    with transaction.atomic():
        delivery.status = Delivery.Status.DEAD
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning("Delivery %s dead after %s attempts: %s", delivery.pk, delivery.attempts, delivery.last_error)
        if delivery.case_id is None:
            return
        name = delivery.connector.name if delivery.connector_id else "back office"
        case_event_record(
            delivery.case,
            "connector_failed",
            f"Not delivered to {name} after {delivery.attempts} attempts",
            detail={"delivery_id": delivery.pk, "attempts": delivery.attempts, "error": delivery.last_error[:500]},
        )
        if delivery.step_task_id is not None:
            _reply_wait_resume(
                delivery.case,
                task_id=delivery.step_task_id,
                outcome="failed",
                data={"error": delivery.last_error[:500]},
            )


def case_reply_apply(
    case, *, delivery: Delivery | None, data: dict[str, Any], source: str, slot: str = "", event_id: str = ""
) -> bool:
    """Apply a back-office reply: merge it into case.task_answers["_connectors"][slot], event, resume the wait.

    Kept out of `answers` (validated against the resident's form). Returns whether a waiting workflow
    step was resumed. Call inside a transaction.
    """
    slot = (delivery.payload.get("slot") if delivery else "") or slot or source
    stored = dict(case.task_answers or {})
    replies = dict(stored.get(REPLIES_KEY) or {})
    replies[slot] = {**(replies.get(slot) or {}), **data}
    stored[REPLIES_KEY] = replies
    case.task_answers = stored
    case.version += 1
    case.save(update_fields=["task_answers", "version"])
    case_event_record(
        case,
        "connector_acknowledged",
        f"{source} replied",
        actor_label=source,
        detail={"slot": slot, "data": data, "delivery_id": delivery.pk if delivery else None, "event_id": event_id},
    )
    interrupted = task_cancel_on_event(case, event="connector_reply", connector=slot)
    if delivery is not None and delivery.step_task_id is not None:
        return _reply_wait_resume(case, task_id=delivery.step_task_id, outcome="replied", data=data) or bool(
            interrupted
        )
    return bool(interrupted)


def delivery_reply_resume(delivery_id: int, *, outcome: str, data: dict[str, Any]) -> bool:
    """Resume the step waiting on a delivery (used after commit, outside the step's own activation)."""
    delivery = Delivery.objects.select_related("case").get(pk=delivery_id)
    if delivery.step_task_id is None or delivery.case is None:
        return False
    with transaction.atomic():
        return _reply_wait_resume(delivery.case, task_id=delivery.step_task_id, outcome=outcome, data=data)


def _reply_wait_resume(case, *, task_id: int, outcome: str, data: dict[str, Any]) -> bool:
    return reply_wait_resume(case, task_id=task_id, outcome=outcome, data=data)


def delivery_retry(delivery: Delivery, *, actor=None) -> bool:
    """Admin retry: a dead, cancelled or waiting delivery goes back in the queue with a fresh attempt budget."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status not in (Delivery.Status.DEAD, Delivery.Status.CANCELLED, Delivery.Status.PENDING):
            return False
        note = {
            "at": timezone.now().isoformat(),
            "retried_by": actor.get_username() if actor else "system",
            "after_attempts": delivery.attempts,
        }
        delivery.attempt_log = [*delivery.attempt_log, note]
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["attempt_log", "status", "attempts", "next_attempt_at"])
    return True


def delivery_cancel(delivery: Delivery, *, actor=None) -> bool:
    """Admin cancel: a pending or dead delivery is never sent (the case keeps its history)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status not in (Delivery.Status.DEAD, Delivery.Status.PENDING):
            return False
        delivery.status = Delivery.Status.CANCELLED
        delivery.attempt_log = [
            *delivery.attempt_log,
            {"at": timezone.now().isoformat(), "cancelled_by": actor.get_username() if actor else "system"},
        ]
        delivery.save(update_fields=["status", "attempt_log"])
    return True
