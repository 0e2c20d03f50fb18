"""Roles → Django groups → guardian object permissions. The only place permissions are granted.

Each role at a council is a group (`riverside:service_designer`); each partnership-wide role is a group
(`partnership:vale-partnership:service_designer`). Groups hold guardian object permissions on the
council (read by the scoping layer), on its services (designers) and on its teams (leaders); a person
holds a role by being in the group. Residents never log in and hold nothing.

Cases get no per-row grants: who may see a case follows from the council that owns it, through
`councils.scoping`, so a referral (a new case owned by the receiving council) moves visibility with it.
"""
from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, Group
from guardian.shortcuts import assign_perm, remove_perm

from .models import Council, Membership, Partnership, PartnershipMembership, Team, TeamMembership

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
PARTNERSHIP_ROLE_PARTNERSHIP_PERMISSIONS: dict[str, tuple[str, ...]] = {
    PartnershipMembership.Role.PARTNERSHIP_ADMIN: ("manage_library",),
    PartnershipMembership.Role.SERVICE_DESIGNER: (),
}
ALL_COUNCIL_PERMISSIONS = sorted({p for perms in ROLE_PERMISSIONS.values() for p in perms})
SERVICE_PERMISSIONS = ("casework.view_service", "casework.change_service")
TEAM_LEADER_PERMISSIONS = ("councils.view_team", "councils.change_team")
TEAM_MEMBER_PERMISSIONS = ("councils.view_team",)


def council_role_group(council: Council, role: str) -> Group:
    """The group for `role` at `council`, created with its permissions on first use."""
    group, created = Group.objects.get_or_create(name=f"{council.slug}:{role}")
    if created:
        _council_group_grant(group, council, ROLE_PERMISSIONS.get(role, ()), designs="design_services" in ROLE_PERMISSIONS.get(role, ()))
    return group


def partnership_role_group(partnership: Partnership, role: str) -> Group:
    group, created = Group.objects.get_or_create(name=f"partnership:{partnership.slug}:{role}")
    if created:
        for perm in PARTNERSHIP_ROLE_PARTNERSHIP_PERMISSIONS.get(role, ()):
            assign_perm(f"councils.{perm}", group, partnership)
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
        if "design_services" in perms:
            for service in council.services.all():
                for perm in SERVICE_PERMISSIONS:
                    remove_perm(perm, group, service)


def service_permissions_grant(service) -> None:
    """A new service: every group that designs its council's services may view and change it."""
    council = service.council
    groups = [council_role_group(council, role) for role, perms in ROLE_PERMISSIONS.items() if "design_services" in perms]
    for partnership in council.partnerships.all():
        groups += [
            partnership_role_group(partnership, role)
            for role, perms in PARTNERSHIP_ROLE_PERMISSIONS.items()
            if "design_services" in perms
        ]
    for group in groups:
        for perm in SERVICE_PERMISSIONS:
            assign_perm(perm, group, service)


def team_permissions_sync(user: AbstractBaseUser, team: Team) -> None:
    """Team members may view their team; its leaders may also change it (reassign, bulk-assign)."""
    membership = TeamMembership.objects.filter(user=user, team=team).first()
    wanted = set()
    if membership is not None:
        wanted = set(TEAM_LEADER_PERMISSIONS if membership.is_leader else TEAM_MEMBER_PERMISSIONS)
    for perm in TEAM_LEADER_PERMISSIONS:
        if perm in wanted:
            assign_perm(perm, user, team)
        else:
            remove_perm(perm, user, team)


def _council_group_grant(group: Group, council: Council, perms: tuple[str, ...], *, designs: bool) -> None:
    for perm in perms:
        assign_perm(f"councils.{perm}", group, council)
    if designs:
        for service in council.services.all():
            for perm in SERVICE_PERMISSIONS:
                assign_perm(perm, group, service)


def _partnership_group_grant_council(group: Group, role: str, council: Council) -> None:
    perms = PARTNERSHIP_ROLE_PERMISSIONS.get(role, ())
    _council_group_grant(group, council, perms, designs="design_services" in perms)


def _user_cache_clear(user: AbstractBaseUser) -> None:
    user.__dict__.pop("_councilflow_council_ids", None)
    for attr in [a for a in user.__dict__ if a.startswith("_guardian") or a.endswith("_perm_cache")]:
        user.__dict__.pop(attr, None)
