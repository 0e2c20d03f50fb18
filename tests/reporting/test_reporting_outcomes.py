"""Outcome reports (#19): complaints upheld / partly / not upheld at stage 1 and stage 2, as counts and rates."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone


@pytest.fixture
def complaints(demo):
    """Five riverside complaints worked through the real workflow: stage 1 outcomes, one escalated and upheld."""
    from casework.models import CaseTask
    from casework.services.submission import case_submit
    from casework.services.tasks import task_claim, task_complete
    from demodata.seeding import _answers_for, _person
    from form_definitions.services import form_errors

    service = demo.service("riverside", "complaint")
    rng = random.Random(7)
    officer, leader = demo.user("riverside-complaints"), demo.user("riverside-leader")

    def work(case, who, outcome):
        task = CaseTask.objects.filter(case=case, is_open=True).select_related("task").get()
        task_claim(who, task)
        task_complete(who, task, outcome=outcome)

    for stage1 in ["upheld", "upheld", "partly_upheld", "not_upheld", "escalate"]:
        answers = {k: v for k, v in _answers_for(service, rng, _person(rng, 1)).items() if v != ""}
        assert not form_errors(service.form, answers)
        case = case_submit(service=service, answers=answers)
        work(case, officer, stage1)
        if stage1 == "escalate":
            work(case, leader, "upheld")
    return service


def test_outcomes_page_counts_and_rates_by_stage(demo, complaints, client):
    client.force_login(demo.user("riverside-manager"))
    today = timezone.localdate().isoformat()
    html = client.get("/reports/outcomes/", {"from": today, "to": today}).content.decode()
    assert "Investigate and respond (stage 1): 5 tasks completed" in html
    assert '<th scope="row">Upheld</th><td>2</td><td>40%</td>' in html
    assert '<th scope="row">Partly upheld</th><td>1</td><td>20%</td>' in html
    assert '<th scope="row">Complainant asked for stage 2</th><td>1</td><td>20%</td>' in html
    assert "Stage 2 review by a senior officer: 1 task completed" in html
    assert html.index("(stage 1)") < html.index("Stage 2 review")


def test_outcomes_are_scoped_to_the_viewers_council(demo, complaints, client):
    client.force_login(demo.user("hillford-manager"))
    html = client.get("/reports/outcomes/").content.decode()
    assert "No tasks were completed in this period." in html
    assert client.get("/reports/outcomes/", {"council": demo.council("riverside").pk}).status_code == 404
    client.force_login(demo.user("riverside-waste"))  # no reporting right
    assert client.get("/reports/outcomes/").status_code == 404
