"""workflows/engine_adapter.py is the only place that touches viewflow's internals, and says loudly when they change."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from viewflow.workflow.base import Node

from workflows.engine_adapter import VIEWFLOW_VERSION, engine_adapter_problems

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ["platform", "workflows", "connectors", "form_definitions", "admin_ext"]
INTERNAL_MODULES = (
    "viewflow.fsm",
    "viewflow.workflow.activation",
    "viewflow.workflow.fields",
    "viewflow.workflow.nodes",
    "viewflow.workflow.flow.nodes",
    "viewflow.workflow.lock.lock_scope",
)
PRIVATE_ATTRIBUTES = {"_boundary_specs", "_create", "_activate_next"}


def test_the_installed_viewflow_is_the_pinned_one_with_every_internal_the_adapter_uses():
    requirements = (ROOT / "requirements.txt").read_text()
    assert f"django-viewflow=={VIEWFLOW_VERSION}\n" in requirements
    assert engine_adapter_problems() == []


def test_a_missing_internal_is_named_and_fails_manage_py_check(monkeypatch):
    monkeypatch.delattr(Node, "_create")  # what a viewflow upgrade that renamed it would look like
    assert engine_adapter_problems() == ["viewflow.workflow.base.Node._create is gone"]
    with pytest.raises(SystemCheckError, match=r"workflows.E001.*Node._create is gone"):
        call_command("check")


def _python_files():
    for folder in PRODUCT:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts and path != ROOT / "workflows" / "engine_adapter.py":
                yield path


def test_no_other_product_module_imports_or_pokes_viewflow_internals():
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name == bad or name.startswith(bad + ".") for name in names for bad in INTERNAL_MODULES):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {names[0]}")
            if isinstance(node, ast.Attribute) and node.attr in PRIVATE_ATTRIBUTES:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} uses .{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr == "cache_clear" and "viewflow" in ast.unparse(node):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} clears a viewflow cache")
    assert offenders == []
