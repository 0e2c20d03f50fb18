"""Registers Councilflow's admin pages (Django imports this module at start-up)."""

from . import connectors_admin, data_protection_admin, definitions, reporting_admin, sharing_admin, tenancy  # noqa: F401
