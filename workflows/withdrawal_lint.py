"""Save-time checks of statuses a workflow names: `withdrawal.before_status` and a task's `only_at_status`
must be statuses this workflow can reach."""

from __future__ import annotations

from councilflow.errors import DefinitionProblem, json_pointer

# The statuses the engine itself sets when a step of this type runs (casework: claim, waits).
STATUS_SET_BY_STEP_TYPE = {
    "task": "in_progress",
    "wait_for_customer": "waiting_on_customer",
    "wait_for_reply": "waiting_on_back_office",
}


def withdrawal_lint(definition: dict) -> list[DefinitionProblem]:
    """`before_status` "open" would refuse every withdrawal; a status no step reaches would refuse none."""
    rule = definition.get("withdrawal")
    if not rule or "before_status" not in rule:
        return []
    pointer = json_pointer("withdrawal", "before_status")
    before = rule["before_status"]
    if rule.get("resident") is False:
        return [DefinitionProblem(pointer, 'has no effect: "resident": false already refuses every withdrawal')]
    if before == "open":
        return [
            DefinitionProblem(
                pointer, 'every case starts "open", so residents could never withdraw; use "resident": false'
            )
        ]
    reached = statuses_reached(definition)
    if before not in reached:
        return [
            DefinitionProblem(
                pointer,
                f'no step of this workflow sets the status "{before}", so withdrawal would never be refused '
                f"(reachable: {', '.join(sorted(reached)) or 'none'})",
            )
        ]
    return []


def milestone_lint(definition: dict) -> list[DefinitionProblem]:
    """A task's `only_at_status` must be a status the case can be at while the task is open."""
    reached = statuses_reached(definition)
    problems = []
    for index, step in enumerate(definition["steps"]):
        status = step.get("only_at_status") if step["type"] == "task" else None
        if status is None:
            continue
        pointer = json_pointer("steps", index, "only_at_status")
        if status == "open":
            problems.append(
                DefinitionProblem(pointer, 'the first claim moves an "open" case to "in_progress"; name a later status')
            )
        elif status not in reached:
            problems.append(
                DefinitionProblem(
                    pointer,
                    f'no step of this workflow sets the status "{status}", so the task could never be done '
                    f"(reachable: {', '.join(sorted(reached)) or 'none'})",
                )
            )
    return problems


def statuses_reached(definition: dict) -> set[str]:
    """Every case status some step of the workflow (or its fragments) can set."""
    steps = list(definition.get("steps", []))
    for fragment in (definition.get("fragments") or {}).values():
        steps += fragment.get("steps", [])
    reached = set()
    for step in steps:
        if step.get("type") == "set_status":
            reached.add(step.get("status", ""))
        elif step.get("type") in STATUS_SET_BY_STEP_TYPE:
            reached.add(STATUS_SET_BY_STEP_TYPE[step["type"]])
    return reached
