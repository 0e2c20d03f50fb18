"""The module every compiled flow class claims as its home.

viewflow stores `workflows/dynamic.wd<pk>` on each process and task and resolves it with a plain
getattr on this module, so any process (web, worker, a fresh shell) finds the flow from the database alone.
"""

from __future__ import annotations

import re

from .registry import WorkflowNotRunnable, flow_class_for

_NAME = re.compile(r"wd(\d+)")


def __getattr__(name: str):
    match = _NAME.fullmatch(name)
    if match is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        return flow_class_for(int(match.group(1)))
    except WorkflowNotRunnable as exc:
        raise AttributeError(str(exc)) from exc
