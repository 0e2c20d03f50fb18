"""Compile a checked JSON workflow definition into a viewflow Flow class (a pure function of the JSON).

Pipeline: check (validate + lint) -> compile (here) -> register (registry.py) -> run (runtime.py).
Each step type's nodes come from its module under workflows/step_types/ (its `compile`).
Traps avoided (see docs/architecture.md): nodes are wired by name with `this`, every node is in the
class attrs when the class is created, and `__module__` is the module whose __getattr__ resolves it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock

from . import runtime
from .compile_nodes import node_next
from .deferred_choice import deferred_choice_wire
from .engine_adapter import CaseStart
from .fragments import fragments_expand
from .ports import case_hooks
from .step_types import step_types

DYNAMIC_MODULE = "workflows.dynamic"
START_NODE = "start"


class _StepCompilers(Mapping[str, Callable[[dict], dict[str, Any]]]):
    """Each compiling step type's `compile`, read live from the registry (the old STEP_COMPILERS dict's name)."""

    def __getitem__(self, key: str) -> Callable[[dict], dict[str, Any]]:
        plugin = step_types.get(key)
        if plugin is None or not plugin.compiles:
            raise KeyError(key)
        return plugin.compile

    def __iter__(self) -> Iterator[str]:
        return iter([plugin.key for plugin in step_types if plugin.compiles])

    def __len__(self) -> int:
        return sum(1 for plugin in step_types if plugin.compiles)


STEP_COMPILERS: Mapping[str, Callable[[dict], dict[str, Any]]] = _StepCompilers()


class UnsupportedStep(Exception):
    """The definition uses a step type this engine cannot run yet (lint should have caught it)."""


def workflow_compile(definition: dict, *, class_name: str, title: str = "") -> type[flow.Flow]:
    """Build the viewflow Flow class for one definition version. The definition must already be checked."""
    definition, _ = fragments_expand(definition)
    attrs: dict[str, Any] = {
        "__module__": DYNAMIC_MODULE,
        "__qualname__": class_name,
        "__doc__": title or definition.get("title", class_name),
        "process_class": case_hooks().process_class,
        "lock_impl": select_for_update_lock,
        "process_title": title or definition.get("title", class_name),
        START_NODE: node_next(CaseStart(runtime.case_started), definition["start"]),
        "definition_json": definition,
    }
    steps, choice_nodes = deferred_choice_wire(definition)
    attrs.update(choice_nodes)
    for step in steps:
        compiler = STEP_COMPILERS.get(step["type"])
        if compiler is None:
            raise UnsupportedStep(f"step {step['id']!r} has type {step['type']!r}, which this engine cannot run")
        attrs.update(compiler(step))
    return type(class_name, (flow.Flow,), attrs)
