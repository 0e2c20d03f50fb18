"""Changes to a case's answers, always with a before/after diff on the timeline."""
from __future__ import annotations

from form_definitions.diff import answers_diff

from ..events import case_event_record
from ..models import Case, EventKind


def case_field_set_by_workflow(case: Case, field: str, value, *, step_id: str) -> None:
    before = dict(case.answers)
    case.answers = {**case.answers, field: value}
    case.version += 1
    case.save(update_fields=["answers", "version"])
    case_event_record(
        case,
        EventKind.DATA_CHANGED,
        f"Workflow step “{step_id}” set {field}",
        detail={"diff": answers_diff(before, case.answers), "step": step_id},
    )
