"""Changes to a case's answers, always with a before/after diff on the timeline."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from form_definitions.diff import answers_diff
from form_definitions.services import form_errors

from ..events import case_event_record
from ..exceptions import SubmissionInvalid
from ..models import Case, CaseEvent, EventKind
from .concurrency import case_lock_for_edit, case_version_bump


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


@transaction.atomic
def case_answers_edit(
    user: AbstractBaseUser, case: Case, *, answers: dict, version: int, reason: str = ""
) -> CaseEvent | None:
    """An officer corrects the answers: checked by the case's own form version, diff on the timeline.

    Returns None when nothing changed (no event, no version bump).
    """
    errors = form_errors(case.form_version, answers)
    if errors:
        raise SubmissionInvalid(errors)
    case = case_lock_for_edit(user, case, version=version)
    diff = answers_diff(case.answers, answers)
    if not diff:
        return None
    case.answers = answers
    case_version_bump(case, "answers")
    fields = ", ".join(d["field"] for d in diff)
    return case_event_record(
        case,
        EventKind.DATA_CHANGED,
        f"Answers changed: {fields}"[:500],
        actor=user,
        detail={"diff": diff, "reason": reason.strip()[:500]},
    )
