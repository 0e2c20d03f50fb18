"""A compiled flow resolves in a brand-new OS process from the database alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from casework.models import Case, CaseTask

ROOT = Path(__file__).resolve().parents[2]


def test_a_fresh_process_completes_a_task_and_the_workflow_routes(demo, submit_missed_bin, subprocess_env):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    task = CaseTask.objects.get(case=case)

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "task_complete",
            str(task.pk),
            "--user",
            "riverside-waste",
            "--outcome",
            "not_our_round",
        ],
        cwd=ROOT,
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert f"{case.reference}: waiting_on_back_office" in result.stdout
    case = Case.objects.get(pk=case.pk)
    assert case.outcomes == {"check": "not_our_round"}
    assert list(CaseTask.objects.filter(case=case, is_open=True).values_list("step_id", flat=True)) == ["reroute"]


def test_flowexport_renders_a_runtime_flow_in_a_fresh_process(demo, subprocess_env):
    workflow = demo.service("riverside", "pothole").workflow
    result = subprocess.run(
        [sys.executable, "manage.py", "flowexport", f"workflows/dynamic.{workflow.flow_class_name}"],
        cwd=ROOT,
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "assess" in result.stdout and "repair" in result.stdout
