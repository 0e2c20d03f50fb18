"""Registers Councilflow's admin pages (Django imports this module at start-up)."""
from . import definitions, tenancy  # noqa: F401
from . import connectors_admin, reporting_admin, sharing_admin  # noqa: F401
