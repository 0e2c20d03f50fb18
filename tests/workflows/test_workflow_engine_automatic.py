"""Automatic steps (decision, set_status, set_field, notify) and end outcomes, end to end on a real case."""

from __future__ import annotations

from casework.models import CaseEvent, CaseTask
from casework.services.tasks import task_claim, task_complete
from connectors.models import Delivery
from workflow_builders import end, flow, step, task

AUTOMATIC = flow(
    step(
        "route",
        "decision",
        branches=[{"when": {"==": [{"var": "data.bin_type"}, "garden"]}, "next": "refused"}],
        otherwise="mark",
    ),
    step("mark", "set_status", status="waiting_on_back_office", next="note"),
    step("note", "set_field", field="address", value="Checked: 1 High Street", next="tell"),
    step(
        "tell",
        "notify",
        to="team:waste",
        template={"subject": "New case ((reference))", "body": "At ((answers.address))"},
        next="check",
    ),
    task("check"),
    {**end("done"), "resident_message": "All sorted."},
    end("refused", "refused"),
    start="route",
)


def test_automatic_steps_run_in_order_and_the_end_records_its_outcome_and_message(
    demo, submit_missed_bin, publish_workflow
):
    service = publish_workflow(demo.service("riverside", "missed-bin"), AUTOMATIC)
    case = submit_missed_bin(service)
    case.refresh_from_db()
    assert case.case_status == "waiting_on_back_office"
    assert case.answers["address"] == "Checked: 1 High Street"
    email = Delivery.objects.get(case=case, purpose="tell")
    assert (
        email.payload["subject"] == f"New case {case.reference}"
        and email.payload["body"] == "At Checked: 1 High Street"
    )
    officer = demo.user("riverside-waste")
    check = CaseTask.objects.get(case=case)
    task_claim(officer, check)
    task_complete(officer, check, outcome="ok")
    case.refresh_from_db()
    assert (case.outcome, case.case_status) == ("resolved", "resolved")
    assert CaseEvent.objects.get(case=case, kind="resolved").detail["message"] == "All sorted."


def test_a_decision_can_end_the_case_at_once(demo, submit_missed_bin, publish_workflow):
    service = publish_workflow(demo.service("riverside", "missed-bin"), AUTOMATIC)
    case = submit_missed_bin(service, bin_type="garden")
    case.refresh_from_db()
    assert (case.outcome, case.case_status) == ("refused", "closed")
    assert not CaseTask.objects.filter(case=case).exists()
