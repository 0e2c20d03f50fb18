"""The builder's derived data (the engine's check, the diagram) remembered by the content they are drawn from.

Opening a 50-step workflow ran the full check and drew the SVG every time, about half the page's CPU. Both are
pure functions of their inputs, so each is kept under a hash of exactly those inputs (the definition, the form's
schema, the council's teams, the connector types; for the SVG the name, status and problem steps too): any change
to one is a new key, so nothing is ever stale. Per process, bounded, least recently used first out.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Collection
from typing import TypeVar

from councilflow.errors import DefinitionInvalid, DefinitionProblem
from councils.models import Team
from workflows.check import workflow_definition_check
from workflows.diagram import workflow_svg
from workflows.models import WorkflowDefinition
from workflows.ports import connector_types
from workflows.services import workflow_form_schema

MAX_ENTRIES = 128
T = TypeVar("T")
_remembered: OrderedDict[str, object] = OrderedDict()


def _key(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=sorted, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _remember(key: str, compute: Callable[[], T]) -> T:
    if key in _remembered:
        _remembered.move_to_end(key)
        return _remembered[key]  # type: ignore[return-value]
    value = compute()
    _remembered[key] = value
    while len(_remembered) > MAX_ENTRIES:
        _remembered.popitem(last=False)
    return value


def _check_inputs(workflow: WorkflowDefinition) -> tuple[str, Callable[[], list[DefinitionProblem]]] | None:
    """The check's key and its computation; None when the workflow's form is missing (nothing to check against)."""
    form_schema = workflow_form_schema(workflow)
    if form_schema is None:
        return None
    teams = set(Team.objects.filter(council_id=workflow.council_id).values_list("slug", flat=True))
    names = set(connector_types().connector_type_names())

    def check() -> list[DefinitionProblem]:
        try:
            workflow_definition_check(workflow.definition, form_schema=form_schema, teams=teams, connector_types=names)
        except DefinitionInvalid as invalid:
            return list(invalid.problems)
        return []

    return _key("check", workflow.definition, form_schema, teams, names), check


def workflow_problems_remembered(workflow: WorkflowDefinition) -> list[DefinitionProblem]:
    """`workflow_definition_full_check`'s problems for the stored draft ([] when it passes)."""
    inputs = _check_inputs(workflow)
    if inputs is None:
        return [DefinitionProblem("/form_slug", f'no form "{workflow.form_slug}" in this council')]
    return list(_remember(*inputs))


def workflow_derived_fill(workflow: WorkflowDefinition) -> None:
    """Remember a just-saved draft's derived data, so the page opened after the save draws nothing afresh.

    The save ran the full check, which is the page's check plus the council's connector slots, so the page's
    check would find nothing: it is remembered as []. The diagram (no problem steps) is drawn here once.
    """
    inputs = _check_inputs(workflow)
    if inputs is None:
        return
    _remember(inputs[0], list)
    try:
        workflow_svg_remembered(workflow, problem_steps=())
    except (KeyError, AttributeError, TypeError, ValueError, LookupError):
        return  # the page says the diagram cannot be drawn yet, as it would have


def workflow_svg_remembered(workflow: WorkflowDefinition, *, problem_steps: Collection[str]) -> str:
    """The builder's diagram (no case), drawn once per content."""
    key = _key(
        "svg",
        workflow.pk,
        workflow.name,
        workflow.status,
        workflow.definition,
        workflow_form_schema(workflow),
        set(problem_steps),
    )
    return _remember(key, lambda: workflow_svg(workflow, problem_steps=problem_steps))


def workflow_derived_remembers(workflow: WorkflowDefinition) -> bool:
    """Whether the stored draft's check is already remembered (tests use it to see a save filled it)."""
    inputs = _check_inputs(workflow)
    return inputs is not None and inputs[0] in _remembered


def workflow_derived_forget() -> None:
    """Empty the memory (tests and benchmarks that reuse primary keys across databases)."""
    _remembered.clear()
