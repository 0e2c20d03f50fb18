"""Outbound webhooks: each subscription's events become outbox deliveries in the transaction that records them.

A subscription owns a REST connector (HMAC-signed, X-Councilflow-Timestamp / X-Councilflow-Signature as the
inbound hooks check them), so sending, retries with backoff, dead letters and the public-address guard are the
outbox's (connectors/worker.py). Deliveries carry no case link: a sent webhook is not itself a timeline event.
"""

from __future__ import annotations

import secrets as token_secrets
from typing import Any

from django.db import transaction

from casework.models import Case, CaseEvent, EventKind
from connectors.models import Connector, Delivery
from connectors.outbound import OutboundRefused, outbound_url_check

from .errors import invalid
from .models import ApiClient, WebhookSubscription

WEBHOOK_PURPOSE = "api_webhook"


def webhook_subscribe(*, client: ApiClient, url: str, kinds: list[str]) -> tuple[WebhookSubscription, str]:
    """A subscription and its signing secret (returned once; stored encrypted in the connector's secrets)."""
    unknown = [f"kinds.{i}" for i, kind in enumerate(kinds) if kind not in EventKind.values]
    if unknown:
        raise invalid({path: "Not an event kind" for path in unknown})
    try:
        outbound_url_check(url, unresolvable_ok=True)
    except OutboundRefused as exc:
        raise invalid({"url": str(exc)}) from exc
    secret = token_secrets.token_urlsafe(32)
    with transaction.atomic():
        connector = Connector(
            council_id=client.council_id,
            name=f"Webhook for {client.application.name}"[:200],
            slug=f"api-webhook-{token_secrets.token_hex(6)}",
            kind="rest",
            config={"url": url, "method": "POST", "timeout": 10, "auth": {"type": "hmac"}},
        )
        connector.secrets_enter({"signing_key": secret})
        connector.save()
        subscription = WebhookSubscription.objects.create(client=client, connector=connector, kinds=sorted(set(kinds)))
    return subscription, secret


def webhook_unsubscribe(*, subscription: WebhookSubscription) -> None:
    """Stop sending; pending deliveries are cancelled, sent ones stay for the record."""
    with transaction.atomic():
        subscription.is_active = False
        subscription.save(update_fields=["is_active"])
        connector = subscription.connector
        connector.is_active = False
        connector.save(update_fields=["is_active"])
        Delivery.objects.filter(connector=connector, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CANCELLED
        )


def webhook_body(event: CaseEvent) -> dict[str, Any]:
    """What a subscriber receives: the events feed's fields for one event."""
    return {
        "id": event.pk,
        "kind": event.kind,
        "at": event.at.isoformat(),
        "case": event.case.reference,
        "council": event.case.council.slug,
        "summary": event.summary,
        "actor": event.actor_label,
        "resident_visible": event.resident_visible,
        "task": event.task_id,
    }


def webhooks_enqueue(event: CaseEvent) -> int:
    """One delivery per active subscription of the event's council that wants its kind; returns how many."""
    return webhooks_enqueue_many([event], council_id=event.case.council_id, case=event.case)


def webhooks_enqueue_many(events: list[CaseEvent], *, council_id: int, case: Case | None = None) -> int:
    """The same for several events of one council, with one look-up of its subscriptions (a submission).

    When `case` holds its council row and that says the council has no active subscription, nothing is read."""
    if case is not None and Case.council.is_cached(case) and not case.council.active_webhooks:
        return 0
    subscriptions = list(
        WebhookSubscription.objects.filter(
            client__council_id=council_id, is_active=True, client__revoked_at__isnull=True
        ).only("pk", "kinds", "connector_id")
    )
    deliveries = [
        Delivery(
            council_id=council_id,
            connector_id=s.connector_id,
            kind=Delivery.Kind.CONNECTOR,
            purpose=WEBHOOK_PURPOSE,
            payload={"message": {"body": webhook_body(event)}, "event_id": event.pk},
        )
        for event in events
        for s in subscriptions
        if not s.kinds or event.kind in s.kinds
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
    return len(deliveries)


class WebhookObserver:
    """casework.ports.CaseEventObserver (registered in ApiConfig.ready()): every event, in its transaction."""

    @staticmethod
    def case_event_recorded(event: CaseEvent) -> None:
        webhooks_enqueue(event)

    @staticmethod
    def case_created(case: Case, *, events: list[CaseEvent]) -> None:
        """A submission writes its events in one INSERT without notifying per event: queue them all here."""
        webhooks_enqueue_many(events, council_id=case.council_id, case=case)
