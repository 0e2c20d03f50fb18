"""split: run several branches in parallel; they meet again at a join."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from viewflow import this
from viewflow.workflow import flow

from workflows.compile_nodes import node_title
from workflows.dry_run_walk import Stop, Walk, walk_entry
from workflows.language_vocabulary import NEXT

from .base import StepType
from .registry import step_types


@step_types.register("split")
class SplitStep(StepType):
    summary = "run several branches in parallel (they meet again at a join)"
    properties = {"branches": {"type": "array", "items": NEXT, "minItems": 1, "maxItems": 20, "uniqueItems": True}}
    required = ("branches",)

    def compile(self, step: dict) -> dict[str, Any]:
        node = flow.Split()
        for target in step["branches"]:
            node = node.Next(getattr(this, target))
        node.task_title = node_title(step)
        return {step["id"]: node}

    def dry_run(self, walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime] | Stop:
        entry = walk_entry(walk, step, clock, note=f"runs in parallel: {', '.join(step['branches'])}")
        stops = []
        for branch in step["branches"]:
            stop = walk.stretch(walk, branch, clock, in_branch=True)
            if stop.kind in ("end", "loop"):
                # As in the engine: an end finishes the whole case, cancelling the other branches.
                if stop.kind == "end":
                    walk.path[-1]["note"] += "; the other branches are cancelled"
                return stop
            stops.append(stop)
        joins = {stop.step for stop in stops if stop.kind == "join"}
        if len(joins) > 1:
            entry["note"] += f"; the branches reach different joins ({', '.join(sorted(joins))}), the walk stops"
            return Stop("blocked", step["id"], clock)
        if not joins:
            return Stop("blocked", step["id"], clock)
        join = walk.steps[joins.pop()]
        walk.visits[join["id"]] += 1
        arrived = [stop.clock for stop in stops if stop.kind == "join"]
        waiting = len(stops) - len(arrived)
        if join.get("mode", "all") == "all":
            if waiting:
                walk_entry(walk, join, max(arrived), note=f"waits for all branches; {waiting} still waiting")
                return Stop("blocked", join["id"], max(arrived))
            clock = max(arrived)
            walk_entry(walk, join, clock, note="all branches done")
        else:
            clock = min(arrived)
            others = "finish on their own" if join.get("mode") == "first_others_finish" else "are cancelled"
            walk_entry(walk, join, clock, note=f"the first branch is done; the others {others}")
        return join["next"], clock
