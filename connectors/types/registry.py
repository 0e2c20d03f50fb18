"""Connector types by kind, in the platform's one plugin pattern (councilflow/plugins.py).

Adding a type = one module with a ConnectorType subclass decorated `@connector_types.register("<kind>")`,
plus its import in connectors/types/__init__.py.
"""

from __future__ import annotations

from typing import Any

from councilflow.plugins import Registry, UnknownPlugin

from .base import ConnectorType

connector_types: Registry[ConnectorType] = Registry("connector type")


class UnknownConnectorType(UnknownPlugin):
    pass


def connector_type_get(kind: str) -> ConnectorType:
    """The plugin for `kind`."""
    plugin = connector_types.get(kind)
    if plugin is None:
        raise UnknownConnectorType(
            f"Unknown connector type {kind!r}; known: {', '.join(sorted(connector_types.keys()))}"
        )
    return plugin


def connector_type_choices() -> list[tuple[str, str]]:
    return [(plugin.key, plugin.label or plugin.key) for plugin in connector_types]


def __getattr__(name: str) -> Any:
    """`TYPE_MODULES` (the old kind -> module table) read from the registry, for code written against it."""
    if name == "TYPE_MODULES":
        return {plugin.key: type(plugin).__module__ for plugin in connector_types}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
