"""Walk a workflow definition without a database: the path a case with given answers would take.

Lets a service designer preview a definition before publishing it. Tasks complete at
once with the outcome given; timers and timed-out waits move the clock on.
"""

from __future__ import annotations

import copy
from datetime import datetime

from workflows.dry_run_walk import WAIT_CHOICES, Stop, Walk, walk_entry
from workflows.fragments import fragments_expand
from workflows.graph import steps_by_id
from workflows.step_types import step_types

__all__ = ["MAX_PATH_LENGTH", "MAX_VISITS_PER_STEP", "WAIT_CHOICES", "workflow_dry_run"]

MAX_PATH_LENGTH = 500
MAX_VISITS_PER_STEP = 10


def workflow_dry_run(
    definition: dict,
    *,
    answers: dict,
    outcomes: dict[str, str],
    task_answers: dict | None = None,
    start: datetime,
    region: str,
    channel: str = "web",
) -> list[dict]:
    """The steps a case would pass through, each {"step", "type", "title", "at", "due", "note"}.

    `outcomes` maps task ids to outcome ids, and wait step ids to "replied" or "timeout";
    a task or wait with nothing given stops the walk there. Run `workflow_definition_check` first.
    """
    definition, _ = fragments_expand(definition)
    walk = Walk(
        steps=steps_by_id(definition),
        answers=copy.deepcopy(answers),
        outcomes=outcomes,
        task_answers=task_answers or {},
        region=region,
        channel=channel,
        started=start,
        sla=definition.get("sla"),
        stretch=_stretch_walk,
    )
    _stretch_walk(walk, definition["start"], start, in_branch=False)
    return walk.path


def _stretch_walk(walk: Walk, step_id: str, clock: datetime, *, in_branch: bool) -> Stop:
    """Follow steps from `step_id` until an end, a step that waits, a loop, or (in a branch) a join."""
    while True:
        step = walk.steps.get(step_id)
        if step is None:
            walk.path.append(
                {
                    "step": step_id,
                    "type": None,
                    "title": "",
                    "at": clock.isoformat(),
                    "due": None,
                    "note": f'unknown step "{step_id}"; the walk stops',
                }
            )
            return Stop("blocked", step_id, clock)
        if step["type"] == "join" and in_branch:
            return Stop("join", step_id, clock)
        walk.visits[step_id] += 1
        if walk.visits[step_id] > MAX_VISITS_PER_STEP or len(walk.path) >= MAX_PATH_LENGTH:
            walk_entry(walk, step, clock, note=f'stopped: "{step_id}" keeps repeating, so these answers loop forever')
            return Stop("loop", step_id, clock)
        result = step_types[step["type"]].dry_run(walk, step, clock)
        if isinstance(result, Stop):
            return result
        step_id, clock = result
