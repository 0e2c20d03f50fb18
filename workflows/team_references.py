"""Every place a workflow definition names a team, in its steps and inside its fragments.

One list for the lint, the sharing package (which teams to bind) and the import (rewriting them), so a
team named in a fragment or a data-driven assignment is never forgotten by one of them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

ASSIGN_TEAM_KEYS = ("team", "least_loaded", "round_robin")


def _all_steps(definition: dict) -> Iterator[tuple[tuple[Any, ...], dict]]:
    """(pointer parts of the step, step) for the main steps, then each fragment's."""
    for index, step in enumerate(definition.get("steps", [])):
        if isinstance(step, dict):
            yield ("steps", index), step
    for name, fragment in (definition.get("fragments") or {}).items():
        for index, step in enumerate(fragment.get("steps", []) if isinstance(fragment, dict) else []):
            if isinstance(step, dict):
                yield ("fragments", name, "steps", index), step


def step_team_references(step: dict) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(pointer parts inside the step, team slug) for each team the step names."""
    assign: dict = step["assign"] if isinstance(step.get("assign"), dict) else {}
    for key in ASSIGN_TEAM_KEYS:
        if isinstance(assign.get(key), str):
            yield ("assign", key), assign[key]
    team_from = assign.get("team_from")
    if isinstance(team_from, dict):
        for answer, team in (team_from.get("map") or {}).items():
            if isinstance(team, str):
                yield ("assign", "team_from", "map", answer), team
        if isinstance(team_from.get("default"), str):
            yield ("assign", "team_from", "default"), team_from["default"]
    escalate: dict = step["escalate"] if isinstance(step.get("escalate"), dict) else {}
    if isinstance(escalate.get("to_team"), str):
        yield ("escalate", "to_team"), escalate["to_team"]
    if step.get("type") == "notify" and str(step.get("to", "")).startswith("team:"):
        yield ("to",), step["to"].removeprefix("team:")


def definition_team_slugs(definition: dict) -> list[str]:
    """Every team slug the definition names, sorted, fragments included."""
    return sorted({team for _, step in _all_steps(definition) for _, team in step_team_references(step)})


def definition_teams_rewrite(definition: dict, teams: dict[str, str]) -> dict:
    """A copy of `definition` with each team slug replaced by its binding (unbound slugs stay)."""
    rewritten = copy.deepcopy(definition)
    for _, step in _all_steps(rewritten):
        for parts, team in list(step_team_references(step)):
            bound = teams.get(team, team)
            if parts == ("to",):
                step["to"] = f"team:{bound}"
                continue
            container = step
            for part in parts[:-1]:
                container = container[part]
            container[parts[-1]] = bound
    return rewritten
