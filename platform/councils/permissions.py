"""Roles → Django groups → guardian object permissions. The only place permissions are granted.

Each role at a council is a group (`riverside:service_designer`); each partnership-wide role is a group
(`partnership:vale-partnership:service_designer`). Groups hold guardian object permissions on the
council only, which is what every decision reads (councils.scoping); a person holds a role by being in
the group. Team places are TeamMembership rows, read where tasks are claimed and reassigned
(casework.assignment.team_member_is). Residents never log in and hold nothing.

Cases get no per-row grants: who may see a case follows from the council that owns it, through
`councils.scoping`, so a referral (a new case owned by the receiving council) moves visibility with it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, Group
from guardian.shortcuts import assign_perm, remove_perm

from .models import Council, Membership, Partnership, PartnershipMembership

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Membership.Role.CASE_OFFICER: ("work_cases",),
    Membership.Role.TEAM_LEADER: ("work_cases", "lead_teams", "view_reports"),
    Membership.Role.SERVICE_DESIGNER: ("design_services",),
    Membership.Role.MANAGER: ("view_reports",),
    Membership.Role.COUNCIL_ADMIN: ("work_cases", "lead_teams", "design_services", "view_reports", "administer"),
}
# Council permissions a partnership-wide role grants on every member council.
PARTNERSHIP_ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    PartnershipMembership.Role.PARTNERSHIP_ADMIN: ("view_reports",),
    PartnershipMembership.Role.SERVICE_DESIGNER: ("design_services",),
}
ALL_COUNCIL_PERMISSIONS = sorted({p for perms in ROLE_PERMISSIONS.values() for p in perms})


def council_role_group(council: Council, role: str) -> Group:
    """The group for `role` at `council`, created with its permissions on first use."""
    group, created = Group.objects.get_or_create(name=f"{council.slug}:{role}")
    if created:
        _council_group_grant(group, council, ROLE_PERMISSIONS.get(role, ()))
    return group


def partnership_role_group(partnership: Partnership, role: str) -> Group:
    group, created = Group.objects.get_or_create(name=f"partnership:{partnership.slug}:{role}")
    if created:
        for council in partnership.councils.all():
            _partnership_group_grant_council(group, role, council)
    return group


def council_permissions_sync(user: AbstractBaseUser, council: Council) -> None:
    """Make the user's groups at `council` exactly those their roles there name."""
    roles = set(Membership.objects.filter(user=user, council=council).values_list("role", flat=True))
    _user_role_groups_sync(user, {role: council_role_group(council, role) for role in ROLE_PERMISSIONS}, roles)
    for perm in ALL_COUNCIL_PERMISSIONS:  # grants made directly to people by older versions
        remove_perm(f"councils.{perm}", user, council)
    _user_cache_clear(user)


def partnership_permissions_sync(user: AbstractBaseUser, partnership: Partnership) -> None:
    roles = set(PartnershipMembership.objects.filter(user=user, partnership=partnership).values_list("role", flat=True))
    groups = {role: partnership_role_group(partnership, role) for role in PARTNERSHIP_ROLE_PERMISSIONS}
    _user_role_groups_sync(user, groups, roles)
    _user_cache_clear(user)


def _user_role_groups_sync(user: AbstractBaseUser, groups_by_role: dict, roles: set[str]) -> None:
    """Put the user in the group of each role they hold and out of the rest."""
    user.groups.add(*(group for role, group in groups_by_role.items() if role in roles))
    user.groups.remove(*(group for role, group in groups_by_role.items() if role not in roles))


def partnership_council_joined(partnership: Partnership, council: Council) -> None:
    """A council joined a partnership: partnership-wide roles now reach it."""
    for role in PARTNERSHIP_ROLE_PERMISSIONS:
        _partnership_group_grant_council(partnership_role_group(partnership, role), role, council)


def partnership_council_left(partnership: Partnership, council: Council) -> None:
    for role, perms in PARTNERSHIP_ROLE_PERMISSIONS.items():
        group = partnership_role_group(partnership, role)
        for perm in perms:
            remove_perm(f"councils.{perm}", group, council)


def _council_group_grant(group: Group, council: Council, perms: tuple[str, ...]) -> None:
    for perm in perms:
        assign_perm(f"councils.{perm}", group, council)


def _partnership_group_grant_council(group: Group, role: str, council: Council) -> None:
    _council_group_grant(group, council, PARTNERSHIP_ROLE_PERMISSIONS.get(role, ()))


def _user_cache_clear(user: AbstractBaseUser) -> None:
    user.__dict__.pop("_councilflow_council_ids", None)
    for attr in [a for a in user.__dict__ if a.startswith("_guardian") or a.endswith("_perm_cache")]:
        user.__dict__.pop(attr, None)
