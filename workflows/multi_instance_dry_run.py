"""The designer's preview of a multi-instance task: how many instances the answers make and when it goes on."""

from __future__ import annotations

from datetime import datetime

from workflows.cancel_on import cancel_on_dry_run
from workflows.dry_run_walk import Stop, Walk, walk_entry
from workflows.multi_instance import instances_items, instances_needed, multiple_describe
from workflows.working_days import duration_add


def multi_instance_dry_run(walk: Walk, step: dict, clock: datetime) -> tuple[str, datetime] | Stop:
    """No items: straight on. Else every instance the step waits for completes with the outcome given."""
    multiple = step["multiple"]
    items = instances_items(multiple, walk.context())
    if not items:
        walk_entry(walk, step, clock, note=f"{multiple_describe(multiple)}; no items, so no tasks: goes straight on")
        return step["next"], clock
    due = duration_add(clock, step["due"], region=walk.region) if "due" in step else None
    needed = instances_needed(multiple, len(items))
    opened = f"{len(items)} task{'s' if len(items) != 1 else ''} ({multiple_describe(multiple)})"
    labels = {o["id"]: o["label"] for o in step["outcomes"]}
    outcome = walk.outcomes.get(step["id"])
    interrupted = cancel_on_dry_run(step, outcome) if outcome is not None else None
    if interrupted is not None:  # a `cancel_on` item interrupts the whole set
        target, note = interrupted
        walk_entry(walk, step, clock, due=due, note=f"{opened}; all open instances {note}")
        return target, clock
    if outcome is None or outcome not in labels:
        why = "waits for the officers' outcomes" if outcome is None else f'"{outcome}" is not an outcome of this task'
        walk_entry(walk, step, clock, due=due, note=f"{opened}; {why}")
        return Stop("blocked", step["id"], clock)
    rest = len(items) - needed
    cancelled = f"; the other {rest} are cancelled" if rest and multiple.get("order") != "sequential" else ""
    skipped = f"; the other {rest} are never opened" if rest and multiple.get("order") == "sequential" else ""
    walk_entry(
        walk, step, clock, due=due, note=f"{opened}; {needed} done with outcome: {labels[outcome]}{cancelled}{skipped}"
    )
    walk.done[step["id"]] = outcome
    return step["next"], clock
