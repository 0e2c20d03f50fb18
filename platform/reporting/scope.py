"""Who may see which reports: built on councils.scoping, narrowed to led teams for team leaders.

A manager or council administrator (view_reports, no team restriction) sees the whole council; a team leader
whose only reporting right comes from leading teams sees those teams' work; someone with view_reports on several
councils (a partnership administrator) gets the comparison across them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q

from casework.models import CaseTask
from councils.models import Membership, TeamMembership
from councils.scoping import council_ids_for

WHOLE_COUNCIL_ROLES = (Membership.Role.MANAGER, Membership.Role.COUNCIL_ADMIN)


@dataclass(frozen=True)
class ReportScope:
    council_ids: tuple[int, ...]
    # None: every team of the councils; otherwise the teams a team leader leads, per council.
    team_ids: tuple[int, ...] | None = None
    team_limited_council_ids: tuple[int, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.council_ids

    @property
    def compares_councils(self) -> bool:
        return len(self.council_ids) > 1

    def case_q(self, prefix: str = "") -> Q:
        """Q restricting Case rows (or rows reached through `prefix`, e.g. 'case__') to this scope."""
        whole = [c for c in self.council_ids if c not in self.team_limited_council_ids]
        q = Q(**{f"{prefix}council_id__in": whole})
        if self.team_limited_council_ids:
            led = CaseTask.objects.filter(
                case_id=OuterRef(f"{prefix}pk" if prefix else "pk"), team_id__in=self.team_ids or ()
            )
            q |= Q(**{f"{prefix}council_id__in": self.team_limited_council_ids}) & Q(Exists(led))
        return q

    def task_q(self) -> Q:
        """Q restricting CaseTask rows to this scope."""
        whole = [c for c in self.council_ids if c not in self.team_limited_council_ids]
        q = Q(council_id__in=whole)
        if self.team_limited_council_ids:
            q |= Q(council_id__in=self.team_limited_council_ids, team_id__in=self.team_ids or ())
        return q


def report_scope_for(user: AbstractBaseUser | AnonymousUser) -> ReportScope:
    """The reporting scope of `user` (three queries at most, whatever the data size)."""
    council_ids = tuple(council_ids_for(user, "view_reports"))
    if not council_ids or user.is_superuser:
        return ReportScope(council_ids=council_ids)
    roles = Membership.objects.filter(
        user=user, council_id__in=council_ids, role__in=(*WHOLE_COUNCIL_ROLES, Membership.Role.TEAM_LEADER)
    )
    by_council: dict[int, set[str]] = {}
    for council_id, role in roles.values_list("council_id", "role"):
        by_council.setdefault(council_id, set()).add(role)
    # Limited only where the right comes from leading teams alone; a right from any other source (manager,
    # administrator, a partnership role granting view_reports) covers the whole council.
    limited = tuple(c for c, r in by_council.items() if r == {Membership.Role.TEAM_LEADER})
    if not limited:
        return ReportScope(council_ids=council_ids)
    led = tuple(
        TeamMembership.objects.filter(user=user, is_leader=True, team__council_id__in=limited).values_list(
            "team_id", flat=True
        )
    )
    return ReportScope(council_ids=council_ids, team_ids=led, team_limited_council_ids=limited)
