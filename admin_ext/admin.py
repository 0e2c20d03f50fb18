"""Registers Councilflow's admin pages (Django imports this module at start-up)."""
from . import definitions, sharing_admin, tenancy  # noqa: F401
