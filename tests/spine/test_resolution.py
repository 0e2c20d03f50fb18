"""A resolved case is not closed until the resident confirms; a reopen sends it back to the team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import CaseTask
from casework.services.resolution import (
    ResolutionNotPending,
    case_reopen,
    case_resolution_confirm,
    cases_close_unconfirmed,
)
from casework.services.tasks import task_claim, task_complete


@pytest.fixture
def resolved_case(demo, submit_missed_bin):
    case = submit_missed_bin(demo.service("riverside", "missed-bin"))
    officer = demo.user("riverside-waste")
    task = CaseTask.objects.get(case=case)
    task_claim(officer, task)
    task_complete(officer, task, outcome="collected")
    case.refresh_from_db()
    assert case.case_status == "resolved"
    return case


def test_confirming_closes_with_satisfaction(resolved_case):
    case = case_resolution_confirm(resolved_case, satisfaction=4, comment="Quick, thanks")
    assert case.case_status == "closed" and case.satisfaction == 4
    assert list(case.events.order_by("-pk").values_list("kind", flat=True)[:2]) == ["closed", "resident_confirmed"]
    with pytest.raises(ResolutionNotPending):
        case_resolution_confirm(case, satisfaction=5)


def test_reopening_creates_a_new_task_in_the_team_queue_and_it_can_be_resolved_again(demo, resolved_case):
    case = case_reopen(resolved_case, reason="The bin is still full")
    assert case.case_status == "reopened" and case.reopen_count == 1
    task = CaseTask.objects.get(case=case, is_open=True)
    assert task.step_id == "check" and task.team.slug == "waste"
    officer = demo.user("riverside-waste2")
    task_claim(officer, task)
    task_complete(officer, task, outcome="collected")
    case.refresh_from_db()
    assert case.case_status == "resolved"
    kinds = list(case.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds.count("resolved") == 2 and "reopened" in kinds


def test_unconfirmed_cases_close_after_the_councils_window(resolved_case):
    assert cases_close_unconfirmed(now=timezone.now() + timedelta(days=13)) == 0
    assert cases_close_unconfirmed(now=timezone.now() + timedelta(days=15)) == 1
    resolved_case.refresh_from_db()
    assert resolved_case.case_status == "closed"
    assert "no reply within 14 days" in resolved_case.events.order_by("-pk").first().summary
