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
