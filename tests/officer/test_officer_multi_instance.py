"""Multi-instance tasks on the officer pages: each instance in the queue with its item, worked like any task."""

from __future__ import annotations

from casework.models import CaseTask, EventKind
from casework.services.submission import case_submit

ACTIVITIES = ["Sale of alcohol", "Regulated entertainment"]


def test_each_instance_is_queued_with_its_item_and_the_any_rule_cancels_the_rest(
    demo, publish_workflow, officer_client
):
    definition = {
        "title": "Licence with one assessment per activity",
        "start": "assess",
        "steps": [
            {
                "id": "assess",
                "type": "task",
                "title": "Assess",
                "assign": {"team": "waste"},
                "outcomes": [{"id": "ok", "label": "Ok"}],
                "multiple": {"for_each": "data.activities", "complete": "any"},
                "next": "done",
            },
            {"id": "done", "type": "end", "outcome": "resolved"},
        ],
    }
    service = publish_workflow(demo.service("riverside", "premises-licence"), definition)
    answers = {
        "premises_name": "The Swan",
        "premises_address": "1 River Walk",
        "activities": ACTIVITIES,
        "latest_hour": 22,
        "your_name": "Ann",
        "email": "ann@example.com",
    }
    case = case_submit(service=service, answers=answers)
    first, second = CaseTask.objects.filter(case=case, step_id="assess").order_by("task_id")
    client = officer_client("riverside-waste")
    queue = client.get(f"/work/?queue={first.team_id}").content.decode()
    assert "1 of 2: Sale of alcohol" in queue and "2 of 2: Regulated entertainment" in queue

    assert client.post(f"/work/tasks/{second.pk}/claim/").status_code == 302
    page = client.get(f"/work/tasks/{second.pk}/").content.decode()
    assert "This task is about 2 of 2: Regulated entertainment" in page
    assert client.post(f"/work/tasks/{second.pk}/", {"outcome": "ok"}).status_code == 302

    case.refresh_from_db()
    assert case.outcome == "resolved"
    assert not CaseTask.objects.filter(case=case, is_open=True).exists()
    created = case.events.filter(kind=EventKind.TASK_CREATED).values_list("summary", flat=True)
    assert "Task “Assess” (1 of 2: Sale of alcohol) added to the Waste and recycling queue" in list(created)
    case_page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Regulated entertainment" in case_page
