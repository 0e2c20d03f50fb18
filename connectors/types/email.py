"""Email to a back-office mailbox: subject and body are text templates with "{{ expr }}" placeholders.

config: to (list of addresses), subject, body (templates), from_email (optional).
The Message-ID is derived from the delivery's idempotency key so a mailbox can drop a resend.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage

from connectors.mapping import mapping_check, mapping_render

from .base import ConnectorType, DeliveryFailed, SendResult
from .registry import connector_types


@connector_types.register("email")
class EmailConnector(ConnectorType):
    label = "Email to a back-office mailbox"

    def config_errors(self, config: dict[str, Any]) -> list[str]:
        errors = [] if config.get("to") else ["to: at least one mailbox address is needed"]
        for name in ("subject", "body"):
            errors += [f"{name}: {message}" for message in mapping_check(config.get(name, ""))]
        return errors

    def payload_build(self, connector, context: dict[str, Any]) -> dict[str, Any]:
        config = connector.config
        to = config.get("to") or []
        return {
            "to": [to] if isinstance(to, str) else list(to),
            "subject": str(mapping_render(config.get("subject", "Case {{ case.reference }}"), context)),
            "body": str(mapping_render(config.get("body", "{{ case.reference }}"), context)),
        }

    def send(self, connector, delivery, secrets: dict[str, str]) -> SendResult:
        message = delivery.payload["message"]
        email = EmailMessage(
            message["subject"],
            message["body"],
            connector.config.get("from_email") or None,
            message["to"],
            headers={
                "Message-ID": f"<{delivery.idempotency_key}@councilflow>",
                "Idempotency-Key": str(delivery.idempotency_key),
            },
        )
        try:
            email.send(fail_silently=False)
        except OSError as exc:
            raise DeliveryFailed(f"Mail server refused or unreachable: {exc}") from exc
        return SendResult(response={"to": message["to"]})


TYPE = EmailConnector  # the old per-module name
