"""Ports: how a lower layer calls a higher one without importing it (docs/architecture.md, "Ports").

The lower layer declares a `Port` typed by a small Protocol; the higher layer registers its implementation
in its AppConfig.ready(). Calling an unregistered port names the app that should have registered it.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Port(Generic[T]):
    """The one implementation of a protocol that a lower layer needs from a higher one."""

    def __init__(self, name: str, *, provider: str) -> None:
        self.name = name
        self.provider = provider
        self._implementation: T | None = None

    def register(self, implementation: T) -> None:
        """Called once, from the provider's AppConfig.ready()."""
        self._implementation = implementation

    def __call__(self) -> T:
        if self._implementation is None:
            raise ImproperlyConfigured(
                f"nothing implements the port {self.name}: the {self.provider} app registers it in its "
                f"AppConfig.ready(); is {self.provider!r} in INSTALLED_APPS?"
            )
        return self._implementation
