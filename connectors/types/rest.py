"""REST/JSON webhook: POST (or PUT/PATCH) a mapped JSON body; map the JSON reply back into case data.

config: url, method, headers, timeout, auth {"type": none|basic|bearer|api_key|hmac, "header": ...},
request_mapping (JSON template, see connectors/mapping.py), response_mapping (template over
{"status_code", "body", "headers"}; its result is the reply stored on the case).
secrets: username/password (basic), token (bearer), api_key (api_key), signing_key (hmac).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import requests

from connectors.mapping import MappingError, mapping_check, mapping_render
from connectors.outbound import outbound_session, refused_at_connect
from connectors.signing import signature_headers

from .base import ConnectorType, DeliveryFailed, DeliveryRejected, SendResult
from .registry import connector_types

AUTH_TYPES = ("none", "basic", "bearer", "api_key", "hmac")
AUTH_SECRETS = {
    "none": (),
    "basic": ("username", "password"),
    "bearer": ("token",),
    "api_key": ("api_key",),
    "hmac": ("signing_key",),
}
RETRYABLE_STATUSES = {408, 425, 429}
DEFAULT_TIMEOUT = 10.0


@connector_types.register("rest")
class RestConnector(ConnectorType):
    label = "REST/JSON webhook"
    secret_names = ("username", "password", "token", "api_key", "signing_key")

    def config_errors(self, config: dict[str, Any]) -> list[str]:
        errors = []
        if not str(config.get("url", "")).startswith(("http://", "https://")):
            errors.append("url must be an http(s) URL")
        if str(config.get("method", "POST")).upper() not in ("POST", "PUT", "PATCH"):
            errors.append("method must be POST, PUT or PATCH")
        if (config.get("auth") or {}).get("type", "none") not in AUTH_TYPES:
            errors.append(f"auth.type must be one of {', '.join(AUTH_TYPES)}")
        for name in ("request_mapping", "response_mapping"):
            errors += [f"{name}: {message}" for message in mapping_check(config.get(name))]
        return errors

    def outbound_urls(self, config: dict[str, Any]) -> list[str]:
        return [str(config["url"])] if config.get("url") else []

    def secrets_required(self, config: dict[str, Any]) -> tuple[str, ...]:
        return AUTH_SECRETS.get((config.get("auth") or {}).get("type", "none"), ())

    def payload_build(self, connector, context: dict[str, Any]) -> dict[str, Any]:
        template = connector.config.get("request_mapping")
        return {"body": mapping_render(template, context) if template is not None else context}

    def send(self, connector, delivery, secrets: dict[str, str]) -> SendResult:
        config = connector.config
        body = json.dumps(delivery.payload["message"]["body"], separators=(",", ":"), sort_keys=True).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json", **(config.get("headers") or {})}
        headers["Idempotency-Key"] = str(delivery.idempotency_key)
        headers.update(_auth_headers(config.get("auth") or {}, secrets, body))
        try:
            with outbound_session(config["url"]) as session:  # checks the address it connects to; no redirects
                answer = session.request(
                    str(config.get("method", "POST")).upper(),
                    config["url"],
                    data=body,
                    headers=headers,
                    timeout=float(config.get("timeout", DEFAULT_TIMEOUT)),
                    allow_redirects=False,
                )
        except requests.Timeout as exc:
            raise DeliveryFailed(
                f"Timed out after {config.get('timeout', DEFAULT_TIMEOUT)}s calling {config['url']}"
            ) from exc
        except requests.RequestException as exc:
            refused = refused_at_connect(exc, url=config["url"])
            if refused is not None:
                raise DeliveryRejected(f"Not sent: {refused}") from exc
            raise DeliveryFailed(f"Could not connect to {config['url']}: {_reason(exc)}") from exc
        response = {"status_code": answer.status_code, "body_text": answer.text[:2000]}
        if answer.status_code >= 500 or answer.status_code in RETRYABLE_STATUSES:
            raise DeliveryFailed(f"HTTP {answer.status_code} from {config['url']}: {answer.text[:200]}")
        if answer.status_code >= 300:
            raise DeliveryRejected(f"HTTP {answer.status_code} from {config['url']} (not retried): {answer.text[:200]}")
        reply = None
        mapping = config.get("response_mapping")
        if mapping is not None:
            try:
                parsed = answer.json() if answer.content else None
            except ValueError as exc:
                raise DeliveryFailed(
                    f"Invalid JSON in the HTTP {answer.status_code} response from {config['url']}: {answer.text[:100]!r}"
                ) from exc
            try:
                reply = mapping_render(
                    mapping, {"status_code": answer.status_code, "body": parsed, "headers": dict(answer.headers)}
                )
            except MappingError as exc:
                raise DeliveryRejected(f"response_mapping failed: {exc}") from exc
            if not isinstance(reply, dict):
                reply = {"value": reply}
        return SendResult(response=response, reply=reply)


def _auth_headers(auth: dict[str, Any], secrets: dict[str, str], body: bytes) -> dict[str, str]:
    kind = auth.get("type", "none")
    if kind == "basic":
        token = base64.b64encode(f"{secrets.get('username', '')}:{secrets.get('password', '')}".encode()).decode()
        return {"Authorization": f"Basic {token}"}
    if kind == "bearer":
        return {"Authorization": f"Bearer {secrets.get('token', '')}"}
    if kind == "api_key":
        return {auth.get("header") or "X-API-Key": secrets.get("api_key", "")}
    if kind == "hmac":
        return signature_headers(key=secrets.get("signing_key", ""), body=body)
    return {}


def _reason(exc: Exception) -> str:
    text = str(exc)
    return "connection refused" if "refused" in text.lower() else text[:200]


TYPE = RestConnector  # the old per-module name
