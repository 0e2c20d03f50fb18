"""Sending one connector delivery through its type plugin (the worker and Celery both call this)."""

from __future__ import annotations

from .mapping import MappingError
from .models import Connector, Delivery
from .outbound import OutboundRefused, outbound_url_check
from .services import connector_for_slot, delivery_payload_build
from .types.base import DeliveryRejected, SendResult
from .types.registry import UnknownConnectorType, connector_type_get


def connector_delivery_send(delivery: Delivery) -> SendResult:
    """Send via the delivery's connector; raises DeliveryFailed (retry) or DeliveryRejected (dead now)."""
    connector = delivery.connector
    if connector is None:
        connector = _bind_late(delivery)
    if not connector.is_active:
        raise DeliveryRejected(f"Connector {connector.slug} is switched off")
    try:
        plugin = connector_type_get(connector.kind)
    except UnknownConnectorType as exc:
        raise DeliveryRejected(str(exc)) from exc
    connector_send_check(connector, plugin=plugin)
    return plugin.send(connector, delivery, connector.secrets or {})


def connector_send_check(connector: Connector, *, plugin) -> None:
    """Refuse before sending: secrets entered for another destination, missing secrets, a non-public URL.

    The URL is checked here for a clear reason on the delivery, and again by the session on connecting
    (connectors/outbound.py), so a DNS answer that changes in between cannot slip through.
    """
    if connector.secrets and connector.secrets_destination != connector.destination:
        raise DeliveryRejected(
            f"Not sent: connector {connector.slug}'s secrets were entered for {connector.secrets_destination or 'another destination'}, "
            f"not {connector.destination}; enter them again in the admin"
        )
    missing = connector.secrets_missing()
    if missing:
        raise DeliveryRejected(
            f"Not sent: connector {connector.slug} has no {', '.join(missing)} stored; enter it in the admin"
        )
    for url in plugin.outbound_urls(connector.config or {}):
        try:
            outbound_url_check(url, unresolvable_ok=True)  # a DNS failure is retried: the session's connect fails
        except OutboundRefused as exc:
            raise DeliveryRejected(f"Not sent: {exc}") from exc


def _bind_late(delivery: Delivery) -> Connector:
    """A delivery queued before its council had the connector: bind it now and render its message."""
    slot = delivery.payload.get("slot", "")
    connector = connector_for_slot(delivery.case, slot=slot) if delivery.case_id else None
    if connector is None:
        raise DeliveryRejected(f"No active connector '{slot}' is configured for this council")
    try:
        payload = delivery_payload_build(connector, case=delivery.case, step_id=delivery.payload.get("step_id", ""))
    except (MappingError, UnknownConnectorType) as exc:
        raise DeliveryRejected(f"Connector {connector.slug} could not build its message: {exc}") from exc
    delivery.connector = connector
    delivery.payload = {**delivery.payload, **payload}
    delivery.save(update_fields=["connector", "payload"])
    return connector
