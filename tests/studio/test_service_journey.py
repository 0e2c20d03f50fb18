"""The shopping-trolley service from issue 15, through this area's pages: started in the studio, written in
expert mode (the builders are other areas' pages), published with the studio's buttons, put online; then a
resident's case runs on it down the branch its answer picks, and an officer works it to resolution."""

from __future__ import annotations

import json
from html import unescape

import pytest

from casework.models import CaseTask, Service
from casework.services.submission import case_submit
from casework.services.tasks import task_claim, task_complete
from councils.models import Team

BASE = "/admin/studio/services/definitions"


def _trolley_form() -> dict:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": "Report an abandoned shopping trolley",
        "required": ["where", "in_water", "your_name", "email"],
        "properties": {
            "where": {"type": "string", "title": "Where is it?", "maxLength": 500},
            "in_water": {"type": "boolean", "title": "Is it in water?"},
            "your_name": {"type": "string", "title": "Your full name", "maxLength": 200},
            "email": {"type": "string", "format": "email", "title": "Email address"},
        },
    }
    ui = {
        "pages": [
            {"id": "trolley", "title": "The trolley", "fields": ["where", "in_water"]},
            {"id": "you", "title": "Your details", "fields": ["your_name", "email"]},
        ],
        "fields": {"where": {"widget": "textarea"}},
        "customer": {"name": "your_name", "email": "email"},
    }
    return {"schema": schema, "ui_schema": ui}


def _trolley_workflow(*, branch_to: str) -> dict:
    task = {
        "type": "task",
        "assign": {"team": "waste"},
        "outcomes": [{"id": "removed", "label": "Removed"}],
        "next": "tell",
    }
    return {
        "title": "Abandoned trolley",
        "start": "where_is_it",
        "steps": [
            {
                "id": "where_is_it",
                "type": "decision",
                "title": "Is it in water?",
                "branches": [{"when": {"==": [{"var": "data.in_water"}, True]}, "next": branch_to}],
                "otherwise": "collect",
            },
            {**task, "id": "urgent", "title": "Remove the trolley from the water", "due": {"working_days": 1}},
            {**task, "id": "collect", "title": "Collect the trolley", "due": {"working_days": 5}},
            {
                "id": "tell",
                "type": "notify",
                "to": "resident",
                "template": {"subject": "Trolley removed (((reference)))", "body": "We have removed the trolley."},
                "next": "done",
            },
            {"id": "done", "type": "end", "outcome": "resolved"},
        ],
    }


@pytest.mark.django_db
def test_designer_starts_writes_publishes_and_a_case_is_worked_to_resolution(client, demo):
    client.force_login(demo.user("riverside-designer"))
    riverside = demo.council("riverside")
    client.post(
        "/admin/studio/services/start/",
        {
            "council": riverside.pk,
            "name": "Report an abandoned shopping trolley",
            "category": "Streets",
            "sla_working_days": "5",
            "start_with": "new",
            "team": Team.objects.get(council=riverside, slug="waste").pk,
        },
    )
    service = Service.objects.get(council=riverside, name="Report an abandoned shopping trolley")

    response = client.post(f"{BASE}/form/{service.form_id}/json/", {"json": json.dumps(_trolley_form())})
    assert response.status_code == 302
    # A decision branch going nowhere: the engine's check points at it and nothing is saved.
    broken = client.post(
        f"{BASE}/workflow/{service.workflow_id}/json/", {"json": json.dumps(_trolley_workflow(branch_to="nowhere"))}
    )
    html = unescape(broken.content.decode())
    assert "/steps/0/branches/0/next" in html and "nowhere" in html
    response = client.post(
        f"{BASE}/workflow/{service.workflow_id}/json/", {"json": json.dumps(_trolley_workflow(branch_to="urgent"))}
    )
    assert response.status_code == 302

    assert "Publish the form" in client.get(f"/admin/studio/services/{service.pk}/").content.decode()
    client.post(f"{BASE}/form/{service.form_id}/publish/")
    client.post(f"{BASE}/workflow/{service.workflow_id}/publish/")
    client.post(f"/admin/studio/services/{service.pk}/live/", {"live": "1"})
    service.refresh_from_db()
    assert service.is_live and service.form.status == "published" and service.workflow.status == "published"

    answers = {
        "where": "In the canal by the bridge",
        "in_water": True,
        "your_name": "Ann Example",
        "email": "ann@example.com",
    }
    wet = case_submit(service=service, answers=answers)
    dry = case_submit(service=service, answers={**answers, "in_water": False, "where": "Car park"})
    wet_task, dry_task = CaseTask.objects.get(case=wet), CaseTask.objects.get(case=dry)
    assert wet_task.title == "Remove the trolley from the water"
    assert dry_task.title == "Collect the trolley"
    assert wet_task.due_at < dry_task.due_at

    officer = demo.user("riverside-waste")
    task_claim(officer, wet_task)
    task_complete(officer, wet_task, outcome="removed")
    wet.refresh_from_db()
    assert wet.case_status == "resolved" and wet.outcome == "resolved"
