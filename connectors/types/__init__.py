"""Connector types: one module per kind, each registered in `connector_types` (see docs/extending.md)."""

# isort: skip_file
from . import rest, email, notify  # noqa: F401  (imported to register them, in this order)
from .registry import connector_types

__all__ = ["connector_types"]
