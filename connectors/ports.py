"""What connectors needs from a feature above it, declared here so connectors never imports it.

`slot_bindings` is implemented by sharing (registered in SharingConfig.ready()): a council that imported a
shared service binds each of its connector slots to one of its own connectors.
"""

from __future__ import annotations

from typing import Any, Protocol

from councilflow.ports import Port


class SlotBindings(Protocol):
    def service_connector_slug_for(self, council: Any, service_slug: str, slot: str) -> str | None: ...


slot_bindings: Port[SlotBindings] = Port("connectors.ports.slot_bindings", provider="sharing")
