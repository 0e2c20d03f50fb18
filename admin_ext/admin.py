"""Registers Councilflow's admin pages (Django imports this module at start-up)."""

from . import (  # noqa: F401
    connectors_admin,
    data_protection_admin,
    definitions,
    identity_admin,
    notify_admin,
    reporting_admin,
    sharing_admin,
    tenancy,
)
