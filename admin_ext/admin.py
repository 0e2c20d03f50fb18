"""Registers Councilflow's admin pages (Django imports this module at start-up)."""
from . import definitions, tenancy  # noqa: F401
