"""A council's team by slug, kept in this process's memory while the council's `teams_version` is unchanged.

Every new task looks its queue's team up by slug (issue #21: one statement of each submission). The council row
the request already holds carries `teams_version`, which a team's save or delete bumps in the database, so every
process sees a change at its next request: a renamed team's new name is in the next timeline entry.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from .models import Council, Team

# (council id, slug) -> (the council's teams_version when read, the team's fields)
_teams: dict[tuple[int, str], tuple[int, dict[str, Any]]] = {}


def team_by_slug(council: Council, slug: str) -> Team:
    """The council's team `slug` (Team.DoesNotExist if it has none), read at most once per teams_version."""
    cached = _teams.get((council.pk, slug))
    if cached is not None and cached[0] == council.teams_version:
        return Team(council=council, **cached[1])
    team = Team.objects.get(council_id=council.pk, slug=slug)
    _teams[(council.pk, slug)] = (council.teams_version, {"id": team.pk, "name": team.name, "slug": team.slug})
    return team


def teams_forget() -> None:
    """Drop every remembered team (a benchmark's fresh database copy reuses primary keys)."""
    _teams.clear()


def _team_changed(sender: Any, instance: Team, **kwargs: Any) -> None:
    """Bump the council's version for every process; forget this process's copies at once (same transaction)."""
    Council.objects.filter(pk=instance.council_id).update(teams_version=F("teams_version") + 1)
    teams_forget()


def teams_signals_connect() -> None:
    post_save.connect(_team_changed, sender=Team, weak=False, dispatch_uid="team_saved_version")
    post_delete.connect(_team_changed, sender=Team, weak=False, dispatch_uid="team_deleted_version")
