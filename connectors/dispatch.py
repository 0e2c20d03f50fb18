"""Sending one connector delivery through its type plugin (the worker and Celery both call this)."""
from __future__ import annotations

from .mapping import MappingError
from .models import Connector, Delivery
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
    return plugin.send(connector, delivery, connector.secrets or {})


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
