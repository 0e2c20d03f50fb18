"""Publishing a new version moves new cases to it; running cases finish on the version they started on."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from casework.models import CaseTask
from casework.services.tasks import task_claim, task_complete
from workflows.services import workflow_definition_new_draft, workflow_definition_publish


def test_case_started_on_v1_finishes_on_v1_after_v2_is_published(demo, submit_missed_bin):
    service = demo.service("riverside", "missed-bin")
    v1 = service.workflow
    officer = demo.user("riverside-waste")
    old_case = submit_missed_bin(service)

    v2 = workflow_definition_new_draft(v1)
    definition = copy.deepcopy(v2.definition)
    check = definition["steps"][0]
    check["title"] = "Check with the crew (v2)"
    check["outcomes"] = [{"id": "collected", "label": "Collected"}, {"id": "refused", "label": "Refused"}]
    check["next"] = {"collected": "tell_collected", "refused": "tell_not_out"}
    definition["steps"] = [s for s in definition["steps"] if s["id"] not in ("refer", "reroute")]
    v2.definition = definition
    v2.save()
    workflow_definition_publish(v2)

    service.refresh_from_db()
    v1.refresh_from_db()
    assert service.workflow_id == v2.pk and v1.status == "retired"
    new_case = submit_missed_bin(service)
    assert new_case.workflow_version_id == v2.pk
    assert CaseTask.objects.get(case=new_case).title == "Check with the crew (v2)"

    old_task = CaseTask.objects.get(case=old_case)
    assert old_task.title == "Check the missed collection with the crew"
    task_claim(officer, old_task)
    task_complete(officer, old_task, outcome="bin_not_out")  # an outcome only v1 has
    old_case.refresh_from_db()
    assert old_case.workflow_version_id == v1.pk and old_case.outcome == "no_action"

    new_task = CaseTask.objects.get(case=new_case)
    task_claim(officer, new_task)
    task_complete(officer, new_task, outcome="refused")
    new_case.refresh_from_db()
    assert new_case.outcome == "no_action"


def test_a_published_version_cannot_be_changed(demo):
    workflow = demo.service("riverside", "missed-bin").workflow
    workflow.definition = {**workflow.definition, "title": "Sneaky edit"}
    with pytest.raises(ValidationError, match="published and cannot change"):
        workflow.save()
