"""Roles → guardian object permissions on the council. The only place permissions are granted."""
from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from guardian.shortcuts import assign_perm, remove_perm

from .models import Council, Membership

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Membership.Role.CASE_OFFICER: ("work_cases",),
    Membership.Role.TEAM_LEADER: ("work_cases", "lead_teams", "view_reports"),
    Membership.Role.SERVICE_DESIGNER: ("design_services",),
    Membership.Role.MANAGER: ("view_reports",),
    Membership.Role.COUNCIL_ADMIN: ("work_cases", "lead_teams", "design_services", "view_reports", "administer"),
}
ALL_COUNCIL_PERMISSIONS = sorted({p for perms in ROLE_PERMISSIONS.values() for p in perms})


def council_permissions_sync(user: AbstractBaseUser, council: Council) -> None:
    """Make the user's guardian permissions on `council` exactly those their roles there grant."""
    roles = Membership.objects.filter(user=user, council=council).values_list("role", flat=True)
    wanted = {perm for role in roles for perm in ROLE_PERMISSIONS.get(role, ())}
    for perm in ALL_COUNCIL_PERMISSIONS:
        if perm in wanted:
            assign_perm(f"councils.{perm}", user, council)
        else:
            remove_perm(f"councils.{perm}", user, council)
