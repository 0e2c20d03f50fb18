"""Form widgets: one module per widget (or family), each registered in `widget_types` (see docs/extending.md).

Importing this package registers the built-in widgets, in the order docs/form-definitions.md lists them.
"""

# isort: skip_file
from . import text, date, number, choices, uploads, repeat, location, map_location, address_lookup  # noqa: F401  (imported to register them)
from .base import Widget
from .registry import widget_types

__all__ = ["Widget", "widget_types"]
