"""The interface every connector type implements: build a payload from a case, send it, read the reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


class DeliveryFailed(Exception):
    """The far side did not take the message; the worker retries it (or dead-letters it)."""


class DeliveryRejected(DeliveryFailed):
    """The far side refused the message for good (e.g. HTTP 400): retrying cannot help."""


@dataclass
class SendResult:
    """What the far side said: stored on the Delivery; `reply` is the mapped reply data, if any."""

    response: dict[str, Any] = field(default_factory=dict)
    reply: dict[str, Any] | None = None


class ConnectorType:
    """One kind of back-office link. Subclass, register with `@connector_types.register(kind)`
    (connectors/types/registry.py), implement `payload_build` and `send`."""

    key: str = ""  # set by the registry
    label: ClassVar[str] = ""
    secret_names: ClassVar[tuple[str, ...]] = ()

    @property
    def kind(self) -> str:
        return self.key

    def config_errors(self, config: dict[str, Any]) -> list[str]:
        """Problems with a connector's (non-secret) configuration, shown in the admin form."""
        return []

    def outbound_urls(self, config: dict[str, Any]) -> list[str]:
        """Every URL this configuration makes the platform call: each is checked by connectors/outbound.py."""
        return []

    def secrets_required(self, config: dict[str, Any]) -> tuple[str, ...]:
        """The secrets a send needs with this configuration (asked for again when the destination changes)."""
        return ()

    def payload_build(self, connector, context: dict[str, Any]) -> dict[str, Any]:
        """The message body to store on the Delivery, rendered from the case context at enqueue time."""
        raise NotImplementedError

    def send(self, connector, delivery, secrets: dict[str, str]) -> SendResult:
        """Send one delivery. Raise DeliveryFailed (retry) or DeliveryRejected (dead letter now)."""
        raise NotImplementedError
