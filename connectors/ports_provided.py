"""connectors' side of the ports below it: casework's outbox and the engine's list of connector types."""

from __future__ import annotations

from .models import Connector
from .outbox import delivery_enqueue_email, resident_message_enqueue
from .services import connector_call_enqueue
from .types.registry import connector_types


class ConnectorsOutbox:
    """casework.ports.Outbox: Delivery rows written in the caller's transaction."""

    delivery_enqueue_email = staticmethod(delivery_enqueue_email)
    resident_message_enqueue = staticmethod(resident_message_enqueue)
    connector_call_enqueue = staticmethod(connector_call_enqueue)


class ConnectorTypeNames:
    """workflows.ports.ConnectorTypes: the kinds a `connector` step may name, and a council's connectors."""

    def connector_type_names(self) -> set[str]:
        return set(connector_types.keys())

    def council_connector_slugs(self, council_id: int) -> set[str]:
        """The council's active connectors, which a `cancel_on` connector_reply may name."""
        return set(Connector.objects.filter(council_id=council_id, is_active=True).values_list("slug", flat=True))
