"""Multi-instance benchmark: starting a case whose first task fans out to one instance per item of a list.

Riverside's missed-bin form gains a repeatable group (`households`); its workflow opens one "Visit" task per
household (workflows/multi_instance.py). MULTI_BENCH_INSTANCES (50) households per case, MULTI_BENCH_REPEAT
(20) cases submitted and timed, each through the real submission service (the same one the portal uses):
the fan-out, 50 viewflow tasks, 50 queue rows and 50 timeline entries in the submission's transaction.
"""

from __future__ import annotations

import copy

from .harness import env_int, report, summary, timed_indexed
from .spine import ANSWERS

HOUSEHOLDS = {
    "type": "array",
    "title": "Households affected",
    "maxItems": 100,
    "items": {"type": "object", "properties": {"flat": {"type": "string", "title": "Flat", "maxLength": 50}}},
}
FAN_OUT_FLOW = {
    "title": "One visit per household",
    "start": "visit",
    "steps": [
        {
            "id": "visit",
            "type": "task",
            "title": "Visit the household",
            "assign": {"team": "waste"},
            "multiple": {"for_each": "data.households", "complete": "all"},
            "outcomes": [{"id": "ok", "label": "Visited"}],
            "next": "done",
        },
        {"id": "done", "type": "end", "outcome": "resolved"},
    ],
}


def bench_multi_instance_start(instances: int | None = None, repeat: int | None = None) -> None:
    from casework.models import CaseTask, Service
    from casework.services.submission import case_submit
    from form_definitions.services import form_definition_new_draft, form_definition_publish
    from workflows.services import workflow_definition_new_draft, workflow_definition_publish

    instances = instances or env_int("MULTI_BENCH_INSTANCES", 50)
    repeat = repeat or env_int("MULTI_BENCH_REPEAT", 20)
    service = Service.objects.get(council__slug="riverside", slug="missed-bin")
    assert service.form is not None and service.workflow is not None
    form = form_definition_new_draft(service.form)
    schema = copy.deepcopy(form.schema)
    schema["properties"]["households"] = HOUSEHOLDS
    form.schema = schema
    form.save()
    form_definition_publish(form)
    service.refresh_from_db()
    draft = workflow_definition_new_draft(service.workflow)
    draft.definition = FAN_OUT_FLOW
    draft.save()
    workflow_definition_publish(draft)
    service.refresh_from_db()
    answers = {**ANSWERS, "households": [{"flat": f"Flat {n}"} for n in range(1, instances + 1)]}
    case_submit(service=service, answers=answers)  # warm: the flow class is compiled once per version

    cases = []
    samples = timed_indexed(lambda index: cases.append(case_submit(service=service, answers=answers)), repeat)
    opened = CaseTask.objects.filter(case=cases[-1], step_id="visit", is_open=True).count()
    assert opened == instances, f"{opened} instances opened, expected {instances}"
    report(
        "case start fanning out",
        instances / (sum(samples) / repeat),
        "tasks/s",
        f"{instances} instances: {summary(samples)}",
    )
