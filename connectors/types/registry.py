"""Connector types by kind. Adding a type = one module with a ConnectorType subclass + a line here."""

from __future__ import annotations

from importlib import import_module

from .base import ConnectorType

TYPE_MODULES = {
    "rest": "connectors.types.rest",
    "email": "connectors.types.email",
    "notify": "connectors.types.notify",
}
_instances: dict[str, ConnectorType] = {}


class UnknownConnectorType(LookupError):
    pass


def connector_type_get(kind: str) -> ConnectorType:
    """The plugin for `kind`; its module is imported on first use."""
    if kind not in _instances:
        if kind not in TYPE_MODULES:
            raise UnknownConnectorType(f"Unknown connector type {kind!r}; known: {', '.join(sorted(TYPE_MODULES))}")
        module = import_module(TYPE_MODULES[kind])
        _instances[kind] = module.TYPE()
    return _instances[kind]


def connector_type_choices() -> list[tuple[str, str]]:
    return [(kind, connector_type_get(kind).label or kind) for kind in TYPE_MODULES]
