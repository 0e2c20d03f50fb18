"""The registry of form widgets (the built-in ones are imported by form_definitions/widget_types/__init__.py)."""

from __future__ import annotations

from councilflow.plugins import Registry

from .base import Widget

widget_types: Registry[Widget] = Registry("widget")
