"""Walk a workflow definition without a database: the path a case with given answers would take.

Lets a service designer preview a definition before publishing it. Tasks complete at
once with the outcome given; timers and timed-out waits move the clock on.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from workflows.business_calendar import default_calendar
from workflows.conditions import condition_describe, condition_evaluate, expression_value
from workflows.fragments import fragments_expand
from workflows.graph import steps_by_id
from workflows.timer_dates import until_describe, until_moment
from workflows.working_days import duration_add, duration_describe

MAX_PATH_LENGTH = 500
MAX_VISITS_PER_STEP = 10
WAIT_CHOICES = ("replied", "timeout")


class _Stop(NamedTuple):
    """Why a stretch of the walk stopped: "end", "blocked", "join" (at `step`) or "loop"."""

    kind: str
    step: str
    clock: datetime


@dataclass
class _Walk:
    steps: dict[str, dict]
    answers: dict
    outcomes: dict[str, str]
    task_answers: dict
    region: str
    channel: str
    started: datetime
    sla: dict | None
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
    walk = _Walk(
        steps=steps_by_id(definition),
        answers=copy.deepcopy(answers),
        outcomes=outcomes,
        task_answers=task_answers or {},
        region=region,
        channel=channel,
        started=start,
        sla=definition.get("sla"),
    )
    _stretch_walk(walk, definition["start"], start, in_branch=False)
    return walk.path


def _entry(walk: _Walk, step: dict, clock: datetime, *, due: datetime | None = None, note: str = "") -> dict:
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


def _stretch_walk(walk: _Walk, step_id: str, clock: datetime, *, in_branch: bool) -> _Stop:
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
            return _Stop("blocked", step_id, clock)
        if step["type"] == "join" and in_branch:
            return _Stop("join", step_id, clock)
        walk.visits[step_id] += 1
        if walk.visits[step_id] > MAX_VISITS_PER_STEP or len(walk.path) >= MAX_PATH_LENGTH:
            _entry(walk, step, clock, note=f'stopped: "{step_id}" keeps repeating, so these answers loop forever')
            return _Stop("loop", step_id, clock)
        handler = _HANDLERS[step["type"]]
        result = handler(walk, step, clock)
        if isinstance(result, _Stop):
            return result
        step_id, clock = result


def _task_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime] | _Stop:
    due = duration_add(clock, step["due"], region=walk.region) if "due" in step else None
    labels = {o["id"]: o["label"] for o in step["outcomes"]}
    outcome = walk.outcomes.get(step["id"])
    if outcome is None:
        _entry(walk, step, clock, due=due, note="waits for the officer's outcome")
        return _Stop("blocked", step["id"], clock)
    if outcome not in labels:
        _entry(
            walk,
            step,
            clock,
            due=due,
            note=f'"{outcome}" is not an outcome of this task (outcomes: {", ".join(labels)})',
        )
        return _Stop("blocked", step["id"], clock)
    _entry(walk, step, clock, due=due, note=f"outcome: {labels[outcome]}")
    walk.done[step["id"]] = outcome
    nxt = step["next"]
    return (nxt[outcome] if isinstance(nxt, dict) else nxt), clock


def _decision_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
    for index, branch in enumerate(step["branches"]):
        if condition_evaluate(branch["when"], walk.context(), today=clock.date(), region=walk.region):
            _entry(walk, step, clock, note=f"branch {index + 1} matches ({condition_describe(branch['when'])})")
            return branch["next"], clock
    _entry(walk, step, clock, note="no branch matches: otherwise")
    return step["otherwise"], clock


def _split_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime] | _Stop:
    entry = _entry(walk, step, clock, note=f"runs in parallel: {', '.join(step['branches'])}")
    stops = []
    for branch in step["branches"]:
        stop = _stretch_walk(walk, branch, clock, in_branch=True)
        if stop.kind in ("end", "loop"):
            # As in the engine: an end finishes the whole case, cancelling the other branches.
            if stop.kind == "end":
                walk.path[-1]["note"] += "; the other branches are cancelled"
            return stop
        stops.append(stop)
    joins = {stop.step for stop in stops if stop.kind == "join"}
    if len(joins) > 1:
        entry["note"] += f"; the branches reach different joins ({', '.join(sorted(joins))}), the walk stops"
        return _Stop("blocked", step["id"], clock)
    if not joins:
        return _Stop("blocked", step["id"], clock)
    join = walk.steps[joins.pop()]
    walk.visits[join["id"]] += 1
    arrived = [stop.clock for stop in stops if stop.kind == "join"]
    waiting = len(stops) - len(arrived)
    if join.get("mode", "all") == "all":
        if waiting:
            _entry(walk, join, max(arrived), note=f"waits for all branches; {waiting} still waiting")
            return _Stop("blocked", join["id"], max(arrived))
        clock = max(arrived)
        _entry(walk, join, clock, note="all branches done")
    else:
        clock = min(arrived)
        _entry(walk, join, clock, note="the first branch is done; the others are cancelled")
    return join["next"], clock


def _join_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
    _entry(walk, step, clock, note="reached outside a split")
    return step["next"], clock


def _timer_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime] | _Stop:
    if "until" in step:
        fires = until_moment(step["until"], walk.context(), calendar=default_calendar(walk.region), now=clock)
        fires = max(fires, clock)  # a date already past fires at once
        _entry(walk, step, clock, due=fires, note=f"waits until {until_describe(step['until'])}")
    else:
        fires = duration_add(clock, step["wait"], region=walk.region)
        _entry(walk, step, clock, due=fires, note=f"waits {duration_describe(step['wait'])}")
    if "next" not in step:
        return _Stop("blocked", step["id"], fires)
    return step["next"], fires


def _wait_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime] | _Stop:
    timeout = step.get("timeout")
    expires = duration_add(clock, timeout["after"], region=walk.region) if timeout else None
    who = "the resident" if step["type"] == "wait_for_customer" else f'"{step["connector"]}"'
    notes = [f"waits for a reply from {who}"]
    if "reminder_after" in step:
        notes.append(f"reminder after {duration_describe(step['reminder_after'])}")
    choice = walk.outcomes.get(step["id"])
    if choice is None or choice not in WAIT_CHOICES or (choice == "timeout" and not timeout):
        if choice is not None:
            allowed = '"replied" or "timeout"' if timeout else '"replied"'
            notes.append(f'"{choice}" cannot happen here (give {allowed})')
        _entry(walk, step, clock, due=expires, note="; ".join(notes))
        return _Stop("blocked", step["id"], clock)
    if choice == "replied":
        _entry(walk, step, clock, due=expires, note="; ".join([*notes, "reply received"]))
        return step["next"], clock
    _entry(
        walk, step, clock, due=expires, note="; ".join([*notes, f"no reply in {duration_describe(timeout['after'])}"])
    )
    if "next" not in timeout:
        return _Stop("blocked", step["id"], expires)
    return timeout["next"], expires


def _connector_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
    _entry(walk, step, clock, note=f'sends the case to connector slot "{step["connector"]}"')
    return step["next"], clock


def _set_status_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
    _entry(walk, step, clock, note=f"status becomes {step['status']}")
    return step["next"], clock


def _set_field_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
    value = expression_value(step["value"], walk.context(), today=clock.date(), region=walk.region)
    *parents, name = step["field"].split(".")
    target = walk.answers
    for part in parents:
        target = target.setdefault(part, {})
    target[name] = value
    _entry(walk, step, clock, note=f"data.{step['field']} = {value!r}")
    return step["next"], clock


def _notify_walk(walk: _Walk, step: dict, clock: datetime) -> tuple[str, datetime]:
    _entry(walk, step, clock, note=f'notifies {step["to"]}: "{step["template"]["subject"]}"')
    return step["next"], clock


def _end_walk(walk: _Walk, step: dict, clock: datetime) -> _Stop:
    note = f"the case ends: {step['outcome']}"
    sla_due = duration_add(walk.started, walk.sla, region=walk.region) if walk.sla else None
    if sla_due:
        note += f"; {'within' if clock <= sla_due else 'after'} the case SLA"
    _entry(walk, step, clock, due=sla_due, note=note)
    return _Stop("end", step["id"], clock)


_HANDLERS = {
    "task": _task_walk,
    "decision": _decision_walk,
    "split": _split_walk,
    "join": _join_walk,
    "timer": _timer_walk,
    "wait_for_customer": _wait_walk,
    "wait_for_reply": _wait_walk,
    "connector": _connector_walk,
    "set_status": _set_status_walk,
    "set_field": _set_field_walk,
    "notify": _notify_walk,
    "end": _end_walk,
}
