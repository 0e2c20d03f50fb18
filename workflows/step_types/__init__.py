"""Workflow step types: one module per type, each registered in `step_types` (see docs/extending.md).

Importing this package registers the built-in types, in the order the language lists them.
"""

from __future__ import annotations

# isort: skip_file
from . import (  # noqa: F401  (imported to register them, in this order)
    task,
    decision,
    split,
    join,
    first_of,
    timer,
    wait_for_customer,
    wait_for_reply,
    connector,
    set_status,
    set_field,
    notify,
    end,
    include,
)
from .base import StepType
from .registry import step_types

__all__ = ["StepType", "step_types"]
