"""connectors' side of the ports below it: casework's outbox and the engine's list of connector types."""

from __future__ import annotations

from .outbox import delivery_enqueue_email, resident_message_enqueue
from .services import connector_call_enqueue
from .types.registry import connector_types


class ConnectorsOutbox:
    """casework.ports.Outbox: Delivery rows written in the caller's transaction."""

    delivery_enqueue_email = staticmethod(delivery_enqueue_email)
    resident_message_enqueue = staticmethod(resident_message_enqueue)
    connector_call_enqueue = staticmethod(connector_call_enqueue)


class ConnectorTypeNames:
    """workflows.ports.ConnectorTypes: the kinds a `connector` step may name."""

    def connector_type_names(self) -> set[str]:
        return set(connector_types.keys())
