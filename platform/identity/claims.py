"""Turn the identity provider's groups into council roles and team places, through the councils' mappings.

Only councils that have mappings are managed this way; elsewhere roles stay as administrators set them.
Rows are created and deleted one by one so the role-to-permission signals (councils.signals) run.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from councils.models import Membership, PartnershipMembership, TeamMembership

from .models import ClaimMapping

# Roles that reach the admin pages (the studio, council settings), so they need is_staff.
ADMIN_ROLES = frozenset({Membership.Role.SERVICE_DESIGNER, Membership.Role.COUNCIL_ADMIN})


def claim_groups_from(claims: dict, *, claim_names: Iterable[str]) -> list[str]:
    """The group values in `claims` under any of `claim_names` (a list, or one string), deduplicated."""
    groups: list[str] = []
    for name in claim_names:
        value = claims.get(name)
        values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        groups.extend(str(v) for v in values if str(v) not in groups)
    return groups


@transaction.atomic
def claim_roles_apply(*, user: User, groups: list[str]) -> None:
    """Make the user's roles and teams at every mapped council exactly those their groups map to."""
    managed = set(ClaimMapping.objects.values_list("council_id", flat=True))
    mappings = list(ClaimMapping.objects.filter(claim_value__in=groups).select_related("team"))
    wanted_roles = {(m.council_id, m.role) for m in mappings if m.role}
    wanted_teams: dict[int, bool] = {}
    for m in mappings:
        if m.team_id:
            wanted_teams[m.team_id] = wanted_teams.get(m.team_id, False) or m.team_leader

    for membership in Membership.objects.filter(user=user, council_id__in=managed):
        if (membership.council_id, membership.role) not in wanted_roles:
            membership.delete()
    held = set(Membership.objects.filter(user=user).values_list("council_id", "role"))
    for council_id, role in sorted(wanted_roles - held):
        Membership.objects.create(user=user, council_id=council_id, role=role)

    for place in TeamMembership.objects.filter(user=user, team__council_id__in=managed):
        if place.team_id not in wanted_teams:
            place.delete()
        elif place.is_leader != wanted_teams[place.team_id]:
            place.is_leader = wanted_teams[place.team_id]
            place.save(update_fields=["is_leader"])
    seated = set(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
    for team_id in sorted(set(wanted_teams) - seated):
        TeamMembership.objects.create(user=user, team_id=team_id, is_leader=wanted_teams[team_id])

    needs_admin = Membership.objects.filter(user=user, role__in=ADMIN_ROLES).exists() or (
        PartnershipMembership.objects.filter(user=user).exists()
    )
    if not user.is_superuser and user.is_staff != needs_admin:
        user.is_staff = needs_admin
        user.save(update_fields=["is_staff"])


def user_has_workspace(user: User) -> bool:
    """Whether the user holds anything to work on: a role, a partnership role or a team place."""
    return (
        user.is_superuser
        or Membership.objects.filter(user=user).exists()
        or PartnershipMembership.objects.filter(user=user).exists()
        or TeamMembership.objects.filter(user=user).exists()
    )
