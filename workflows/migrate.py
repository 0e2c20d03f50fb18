"""Moving running cases from one published version of a workflow to another.

A case moves only when every step it is in now (including armed timers) exists in the target version;
the others stay on their version, which keeps running them. Each move is a CaseEvent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from viewflow.workflow.base import Node
from viewflow.workflow.models import Task

from .diagram import ACTIVE
from .models import WorkflowDefinition
from .ports import case_hooks
from .registry import flow_class_for


class MigrationRefused(Exception):
    """The two versions are not of the same workflow, or the target is not published."""


@dataclass
class MigrationCandidate:
    case: object
    steps: list[str]
    movable: bool
    missing: list[str] = field(default_factory=list)


def _target_node(target_class, name: str) -> Node | None:
    node = getattr(target_class, name, None)
    return node if isinstance(node, Node) else None


def _check_pair(source: WorkflowDefinition, target: WorkflowDefinition) -> None:
    if (source.council_id, source.slug) != (target.council_id, target.slug) or source.pk == target.pk:
        raise MigrationRefused("cases can only move between two versions of the same workflow")
    if target.status != "published":
        raise MigrationRefused("cases can only move to the published version")


def workflow_migration_preview(source: WorkflowDefinition, target: WorkflowDefinition) -> list[MigrationCandidate]:
    """Every running case on `source`, the steps it is in, and whether it can move to `target`."""
    _check_pair(source, target)
    target_class = flow_class_for(target.pk)
    candidates = []
    for case in (
        case_hooks().process_class.objects.filter(workflow_version=source, finished__isnull=True).order_by("pk")
    ):
        names = sorted({t.flow_task.name for t in Task.objects.filter(process_id=case.pk, status__in=ACTIVE)})
        missing = [n for n in names if _target_node(target_class, n) is None]
        steps = [n for n in names if "__" not in n]
        candidates.append(
            MigrationCandidate(case=case, steps=steps, movable=bool(names) and not missing, missing=missing)
        )
    return candidates


def workflow_cases_migrate(
    source: WorkflowDefinition, target: WorkflowDefinition, *, actor: AbstractBaseUser | None = None
) -> int:
    """Move every movable running case; returns how many moved. Each case moves under its own flow lock."""
    hooks = case_hooks()
    source_class, target_class = flow_class_for(source.pk), flow_class_for(target.pk)
    moved = 0
    for candidate in workflow_migration_preview(source, target):
        if not candidate.movable:
            continue
        case = candidate.case
        with transaction.atomic(), source_class.lock(case.pk):
            still_here = hooks.process_class.objects.filter(
                pk=case.pk, workflow_version=source, finished__isnull=True
            ).update(workflow_version=target, flow_class=target_class)
            if not still_here:
                continue  # moved (or finished) by someone else meanwhile
            for task in Task.objects.filter(process_id=case.pk):
                node = _target_node(target_class, task.flow_task.name)
                if node is not None:  # finished steps gone from the new version keep their old reference
                    Task.objects.filter(pk=task.pk).update(flow_task=node)
            case.workflow_version = target
            hooks.case_migrated(case, source=source, target=target, actor=actor, steps=candidate.steps)
        moved += 1
    return moved
