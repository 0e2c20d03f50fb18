"""Task forms for real: the task page renders the task's form, validates it, stores the answers, shows them."""

from __future__ import annotations

import pytest

from casework.exceptions import SubmissionInvalid
from casework.models import CaseTask, EventKind
from casework.services.tasks import task_claim, task_complete
from councilflow.errors import DefinitionInvalid
from workflows.check import workflow_definition_check

CREW_FORM = {
    "schema": {
        "type": "object",
        "properties": {
            "crew_note": {"type": "string", "minLength": 5},
            "bags_left": {"type": "integer", "minimum": 0},
            "return_visit": {
                "type": "string",
                "oneOf": [{"const": "none", "title": "No return visit"}, {"const": "tomorrow", "title": "Tomorrow"}],
            },
        },
        "required": ["crew_note", "return_visit"],
    },
    "ui": {
        "fields": {
            "crew_note": {"label": "What did the crew find?", "hint": "As they reported it", "widget": "textarea"},
            "bags_left": {"label": "Bags left behind"},
            "return_visit": {"label": "Return visit"},
        }
    },
}

WITH_TASK_FORM = {
    "title": "Missed bin with a crew report",
    "start": "check",
    "steps": [
        {
            "id": "check",
            "type": "task",
            "title": "Check with the crew",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Checked"}],
            "form": CREW_FORM,
            "next": "route",
        },
        {
            "id": "route",
            "type": "decision",
            "branches": [{"when": {"==": [{"var": "task.check.return_visit"}, "tomorrow"]}, "next": "revisit"}],
            "otherwise": "done",
        },
        {
            "id": "revisit",
            "type": "task",
            "title": "Return visit",
            "assign": {"team": "waste"},
            "outcomes": [{"id": "ok", "label": "Done"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


@pytest.fixture
def crew_case(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), WITH_TASK_FORM)
    case = submit_missed_bin(service)
    check = CaseTask.objects.get(case=case, step_id="check")
    task_claim(demo.user("riverside-waste"), check)
    return case, check


def test_the_task_page_renders_the_task_form_with_labels_hints_and_widgets(crew_case, officer_client):
    case, check = crew_case
    page = officer_client("riverside-waste").get(f"/work/tasks/{check.pk}/").content.decode()
    assert "What did the crew find?" in page and "As they reported it" in page
    assert '<textarea id="task-crew_note" name="crew_note"' in page
    assert '<option value="tomorrow">Tomorrow</option>' in page
    assert "Bags left behind</strong> (optional)" in page


def test_the_task_page_shows_what_the_officer_needs_to_decide(crew_case, officer_client):
    case, check = crew_case
    page = officer_client("riverside-waste").get(f"/work/tasks/{check.pk}/").content.decode()
    customer = case.customer
    assert customer.name in page and customer.email in page
    for label, _ in [("What the resident told us", None), ("Attachments", None), ("Latest on this case", None)]:
        assert label in page
    assert case.events.order_by("-at", "-pk").first().summary in page
    assert "case due" in page and "Complete task" in page


def test_wrong_task_answers_are_shown_with_the_form_engines_messages_and_nothing_is_saved(crew_case, officer_client):
    case, check = crew_case
    response = officer_client("riverside-waste").post(
        f"/work/tasks/{check.pk}/", {"outcome": "ok", "crew_note": "no", "bags_left": "lots", "return_visit": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'id="task-crew_note-error"' in page and 'id="task-bags_left-error"' in page
    # a label that is a question is not put inside a sentence: "Your answer ..."
    for message in ("Your answer must be 5 characters or more", "Bags left behind must be a number"):
        assert message in page
    assert '<a href="#task-return_visit">Select return visit</a>' in page
    assert ">no</textarea>" in page  # what was typed is kept
    case.refresh_from_db()
    assert case.task_answers == {} and CaseTask.objects.get(pk=check.pk).is_open


def test_task_answers_are_stored_shown_on_the_case_and_the_timeline_and_read_by_conditions(crew_case, officer_client):
    case, check = crew_case
    client = officer_client("riverside-waste")
    response = client.post(
        f"/work/tasks/{check.pk}/",
        {"outcome": "ok", "crew_note": "Bin was behind a car", "bags_left": "2", "return_visit": "tomorrow"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.task_answers == {
        "check": {"crew_note": "Bin was behind a car", "bags_left": 2, "return_visit": "tomorrow"}
    }
    event = case.events.get(kind=EventKind.TASK_COMPLETED)
    assert ["Return visit", "Tomorrow"] in event.detail["answers_display"]
    page = client.get(f"/work/cases/{case.reference}/").content.decode()
    assert "Officers&#x27; answers" in page or "Officers' answers" in page
    assert "Bin was behind a car" in page and "Tomorrow" in page
    # the decision read task.check.return_visit
    assert CaseTask.objects.filter(case=case, step_id="revisit", is_open=True).exists()


def test_task_complete_refuses_answers_that_do_not_match_the_task_form(crew_case, demo):
    case, check = crew_case
    officer = demo.user("riverside-waste")
    with pytest.raises(SubmissionInvalid) as refused:
        task_complete(officer, check, outcome="ok", task_answers={"crew_note": "Fine here", "colour": "red"})
    assert refused.value.errors == {"__all__": "Not a question of this task's form: colour"}
    with pytest.raises(SubmissionInvalid) as refused:
        task_complete(officer, check, outcome="ok", task_answers={"crew_note": "Fine here", "return_visit": "never"})
    assert set(refused.value.errors) == {"return_visit"}
    case.refresh_from_db()
    assert case.task_answers == {}


def test_task_complete_refuses_answers_for_a_task_without_a_form(demo, claimed_case):
    case = claimed_case()
    check = CaseTask.objects.get(case=case, is_open=True)
    with pytest.raises(SubmissionInvalid) as refused:
        task_complete(demo.user("riverside-waste"), check, outcome="collected", task_answers={"anything": 1})
    assert refused.value.errors == {"__all__": "This task has no form, so it takes no answers"}


def test_a_task_form_is_checked_at_save_time_like_a_service_form():
    broken = {**WITH_TASK_FORM, "steps": [dict(s) for s in WITH_TASK_FORM["steps"]]}
    broken["steps"][0]["form"] = {
        "schema": {"type": "object", "properties": {"outcome": {"type": "string"}}},
        "ui": {"fields": {"colour": {"label": "Colour"}}},
    }
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(broken)
    assert [p.path for p in refused.value.problems if p.path.startswith("/steps/0")] == [
        "/steps/0/form/ui/fields/colour"
    ]
    broken["steps"][0]["form"] = {"schema": {"type": "object", "properties": {"outcome": {"type": "string"}}}}
    with pytest.raises(DefinitionInvalid) as refused:
        workflow_definition_check(broken)
    assert [str(p) for p in refused.value.problems if p.path.startswith("/steps/0")] == [
        '/steps/0/form/schema/properties/outcome: "outcome" is used by the task page itself; name the question differently'
    ]


def test_the_case_page_names_the_action_work_on_it(demo, claimed_case, officer_client):
    case = claimed_case()
    page = officer_client("riverside-waste").get(f"/work/cases/{case.reference}/").content.decode()
    assert ">Work on it</a>" in page and ">Complete</a>" not in page
