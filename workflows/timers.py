"""Firing due workflow timers from the worker; viewflow's dispatcher re-checks each under its flow lock."""

from __future__ import annotations

from viewflow.workflow.timers import fire_due_timers


def timers_fire_due() -> int:
    return fire_due_timers()
