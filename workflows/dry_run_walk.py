"""The state of a dry run (workflows/dry_run.py) that each step type's `dry_run` reads and moves on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

WAIT_CHOICES = ("replied", "timeout")


class Stop(NamedTuple):
    """Why a stretch of the walk stopped: "end", "blocked", "join" (at `step`) or "loop"."""

    kind: str
    step: str
    clock: datetime


@dataclass
class Walk:
    steps: dict[str, dict]
    answers: dict
    outcomes: dict[str, str]
    task_answers: dict
    region: str
    channel: str
    started: datetime
    sla: dict | None
    # Follows steps from a step id until an end, a wait, a loop or (in a branch) a join: a split walks each branch.
    stretch: Callable[..., Stop]
    done: dict[str, str] = field(default_factory=dict)
    visits: Counter = field(default_factory=Counter)
    path: list[dict] = field(default_factory=list)

    def context(self) -> dict:
        return {
            "data": self.answers,
            "outcomes": self.done,
            "task": self.task_answers,
            "case": {"channel": self.channel},
        }


def walk_entry(walk: Walk, step: dict, clock: datetime, *, due: datetime | None = None, note: str = "") -> dict:
    """Add one step to the walk's path."""
    entry = {
        "step": step["id"],
        "type": step["type"],
        "title": step.get("title", ""),
        "at": clock.isoformat(),
        "due": due.isoformat() if due else None,
        "note": note,
    }
    walk.path.append(entry)
    return entry
