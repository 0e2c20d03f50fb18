"""Registers Councilflow's admin pages (Django imports this module at start-up)."""

from . import connectors_admin, definitions, identity_admin, reporting_admin, sharing_admin, tenancy  # noqa: F401
