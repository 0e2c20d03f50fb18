"""The registry of workflow step types (the built-in ones are imported by workflows/step_types/__init__.py)."""

from __future__ import annotations

from councilflow.plugins import Registry

from .base import StepType

step_types: Registry[StepType] = Registry("step type")
