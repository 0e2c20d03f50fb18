"""GOV.UK Notify (email or SMS to a resident) through the official notifications-python-client.

config: channel ("email" | "sms"), template_id, recipient (template, e.g. "{{ case.customer.email }}"),
personalisation (JSON template), base_url (optional; tests point it at a local fake Notify).
secrets: api_key. Notify has no idempotency header, so the idempotency key travels as `reference`.
"""

from __future__ import annotations

from typing import Any

import requests
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from connectors.mapping import mapping_check, mapping_render
from connectors.outbound import outbound_session, refused_at_connect

from .base import ConnectorType, DeliveryFailed, DeliveryRejected, SendResult
from .registry import connector_types

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


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
        base_url = connector.config.get("base_url") or DEFAULT_BASE_URL
        client = NotificationsAPIClient(
            secrets.get("api_key", ""), base_url=base_url, timeout=float(connector.config.get("timeout", 10))
        )
        client.request_session = outbound_session(base_url)  # checks the address it connects to; no redirects
        common = {
            "template_id": message["template_id"],
            "personalisation": message["personalisation"],
            "reference": str(delivery.idempotency_key),
        }
        try:
            if message["channel"] == "sms":
                answer = client.send_sms_notification(phone_number=message["recipient"], **common)
            else:
                answer = client.send_email_notification(email_address=message["recipient"], **common)
        except HTTPError as exc:
            refused = refused_at_connect(exc, url=base_url)
            if refused is not None:
                raise DeliveryRejected(f"Not sent: {refused}") from exc
            text = f"Notify HTTP {exc.status_code}: {exc.message}"
            if exc.status_code in (429,) or (exc.status_code or 500) >= 500:
                raise DeliveryFailed(text) from exc
            raise DeliveryRejected(text) from exc
        except (requests.RequestException, OSError) as exc:
            raise DeliveryFailed(f"Could not reach Notify: {exc}") from exc
        return SendResult(response={"notify_id": answer.get("id"), "reference": answer.get("reference")})


TYPE = NotifyConnector  # the old per-module name
