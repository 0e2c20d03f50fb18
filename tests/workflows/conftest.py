"""Fixtures for the pure-Python workflow pipeline tests: the missed-bin service and small builders."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


@pytest.fixture
def missed_bin() -> dict:
    """A realistic, valid workflow definition (a fresh copy, safe to mutate)."""
    return copy.deepcopy(_load("missed_bin.workflow.json"))


@pytest.fixture
def missed_bin_form() -> dict:
    """The case form schema the missed-bin workflow's conditions are checked against."""
    return copy.deepcopy(_load("missed_bin.form.json"))


@pytest.fixture
def postgres_only():
    """Row locks and SKIP LOCKED only mean something on PostgreSQL; SQLite serialises writers instead."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks)")


@pytest.fixture
def timers_due_now():
    """Move every scheduled workflow timer of a case (or all) into the past: the clock has moved on."""
    from datetime import timedelta

    from django.utils import timezone
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    def move(case=None, *, name_suffix: str = "") -> int:
        tasks = Task.objects.filter(flow_task_type="TIMER", status=STATUS.SCHEDULED)
        if case is not None:
            tasks = tasks.filter(process_id=case.pk)
        if name_suffix:
            tasks = tasks.filter(flow_task__endswith=name_suffix)
        return tasks.update(scheduled=timezone.now() - timedelta(seconds=1))

    return move


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze `django.utils.timezone.now` (what our services and due-date hooks read) at a chosen moment."""
    from django.utils import timezone

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze
