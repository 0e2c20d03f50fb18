"""GOV.UK Notify (email or SMS to a resident) through the official notifications-python-client.

config: channel ("email" | "sms"), template_id, recipient (template, e.g. "{{ case.customer.email }}"),
personalisation (JSON template), base_url (optional; tests point it at a local fake Notify).
secrets: api_key. The send itself is connectors/types/notify_client.py, shared with residents' messages.
"""

from __future__ import annotations

from typing import Any

from connectors.mapping import mapping_check, mapping_render

from .base import ConnectorType, DeliveryRejected, SendResult
from .notify_client import DEFAULT_BASE_URL, notify_message_send
from .registry import connector_types


@connector_types.register("notify")
class NotifyConnector(ConnectorType):
    label = "GOV.UK Notify (email or SMS)"
    secret_names = ("api_key",)

    def config_errors(self, config: dict[str, Any]) -> list[str]:
        errors = []
        if config.get("channel", "email") not in ("email", "sms"):
            errors.append("channel must be email or sms")
        if config.get("base_url") and not str(config["base_url"]).startswith(("http://", "https://")):
            errors.append("base_url must be an http(s) URL")
        if not config.get("template_id"):
            errors.append("template_id is required")
        for name in ("recipient", "personalisation"):
            errors += [f"{name}: {message}" for message in mapping_check(config.get(name))]
        return errors

    def outbound_urls(self, config: dict[str, Any]) -> list[str]:
        return [str(config.get("base_url") or DEFAULT_BASE_URL)]

    def secrets_required(self, config: dict[str, Any]) -> tuple[str, ...]:
        return ("api_key",)

    def payload_build(self, connector, context: dict[str, Any]) -> dict[str, Any]:
        config = connector.config
        default = "{{ case.customer.phone }}" if config.get("channel") == "sms" else "{{ case.customer.email }}"
        return {
            "channel": config.get("channel", "email"),
            "template_id": config.get("template_id", ""),
            "recipient": mapping_render(config.get("recipient", default), context),
            "personalisation": mapping_render(
                config.get("personalisation") or {"reference": "{{ case.reference }}"}, context
            ),
        }

    def send(self, connector, delivery, secrets: dict[str, str]) -> SendResult:
        message = delivery.payload["message"]
        if not message.get("recipient"):
            raise DeliveryRejected("No recipient: the case has no email address or phone number for Notify")
        response = notify_message_send(
            api_key=secrets.get("api_key", ""),
            base_url=connector.config.get("base_url") or DEFAULT_BASE_URL,
            timeout=float(connector.config.get("timeout", 10)),
            channel=message["channel"],
            recipient=message["recipient"],
            template_id=message["template_id"],
            personalisation=message["personalisation"],
            reference=str(delivery.idempotency_key),
        )
        return SendResult(response=response)


TYPE = NotifyConnector  # the old per-module name
