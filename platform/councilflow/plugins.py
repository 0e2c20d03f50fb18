"""One plugin-registry pattern for step types, widgets and connector types (after Open Forms' plugins/registry.py).

A registry maps a key to one plugin instance. Plugins register themselves with a class decorator in their own
module; the package that owns the registry imports its built-in modules, so adding a plugin is one new module plus
its registration. This module is the lowest layer (councilflow) so every app may use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

P = TypeVar("P")


class PluginAlreadyRegistered(ValueError):
    """Two plugins claimed the same key: the second would silently replace the first."""


class UnknownPlugin(LookupError):
    """No plugin is registered under the key asked for."""


class Registry(Generic[P]):
    """Plugins by key, in registration order (the order docs, schemas and choice lists show them in)."""

    def __init__(self, noun: str) -> None:
        self.noun = noun
        self._plugins: dict[str, P] = {}
        self.version = 0  # bumped on every change, so caches built from the registry can tell they are stale

    def register(self, key: str) -> Callable[[type[P]], type[P]]:
        """Class decorator: `@registry.register("task")` instantiates the class once, with `key` set on it."""

        def decorator(plugin_class: type[P]) -> type[P]:
            self.add(key, plugin_class())
            return plugin_class

        return decorator

    def add(self, key: str, plugin: P) -> P:
        """Register an instance under `key`; a key already taken is an error, never a silent replacement."""
        if key in self._plugins:
            raise PluginAlreadyRegistered(f"{self.noun} {key!r} is already registered")
        plugin.key = key  # type: ignore[attr-defined]
        self._plugins[key] = plugin
        self.version += 1
        return plugin

    def unregister(self, key: str) -> None:
        """Remove a plugin (tests register a toy plugin and take it away again)."""
        if key not in self._plugins:
            raise UnknownPlugin(self._unknown_message(key))
        del self._plugins[key]
        self.version += 1

    def __getitem__(self, key: str) -> P:
        try:
            return self._plugins[key]
        except KeyError:
            raise UnknownPlugin(self._unknown_message(key)) from None

    def get(self, key: object) -> P | None:
        return self._plugins.get(key) if isinstance(key, str) else None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._plugins

    def __iter__(self) -> Iterator[P]:
        return iter(list(self._plugins.values()))

    def __len__(self) -> int:
        return len(self._plugins)

    def keys(self) -> tuple[str, ...]:
        return tuple(self._plugins)

    def items(self) -> list[tuple[str, P]]:
        return list(self._plugins.items())

    def _unknown_message(self, key: str) -> str:
        return f"unknown {self.noun} {key!r}; known: {', '.join(self._plugins) or 'none'}"
