"""Process-wide cache of compiled flow classes: one class object per published version per process.

viewflow compares flow classes by identity, so a version is compiled once under a lock and never rebuilt
(published versions are immutable, so the cached class can never be stale).
"""

from __future__ import annotations

import threading

from viewflow.workflow import flow

from councilflow.versioning import DefinitionStatus

from .compile import workflow_compile
from .engine_adapter import flow_reference_caches_clear
from .models import WorkflowDefinition

_lock = threading.RLock()
_compiled: dict[int, type[flow.Flow]] = {}


class WorkflowNotRunnable(LookupError):
    """A draft (or missing) definition cannot run cases."""


def flow_class_for(definition_pk: int) -> type[flow.Flow]:
    """The Flow class of a published or retired definition version, compiled on first use."""
    cached = _compiled.get(definition_pk)
    if cached is not None:
        return cached
    with _lock:
        cached = _compiled.get(definition_pk)
        if cached is not None:
            return cached
        row = WorkflowDefinition.objects.filter(pk=definition_pk).first()
        if row is None or row.status == DefinitionStatus.DRAFT:
            raise WorkflowNotRunnable(f"workflow definition {definition_pk} is not published")
        flow_class = workflow_compile(row.definition, class_name=row.flow_class_name, title=row.name)
        _compiled[definition_pk] = flow_class
        return flow_class


def definition_step(flow_class: type[flow.Flow], step_id: str) -> dict | None:
    """A step of the definition the engine runs: the compiled version's, with fragments expanded
    (an included fragment's `review` is the step `stage2_review` here, and nowhere in the stored JSON)."""
    return next((step for step in flow_class.definition_json["steps"] if step["id"] == step_id), None)


def flow_class_forget_all() -> None:
    """Empty our cache and viewflow's reference caches.

    Only for tests and benchmarks, which switch databases within one process: SQLite reuses primary keys
    (after a rolled-back test, or in each benchmark's fresh database), so `wd1` may name another row.
    """
    with _lock:
        _compiled.clear()
        flow_reference_caches_clear()
