"""Save-time checks of the `withdrawal` block: a `before_status` must be a status this workflow can reach."""

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
    reached = _statuses_reached(definition)
    if before not in reached:
        return [
            DefinitionProblem(
                pointer,
                f'no step of this workflow sets the status "{before}", so withdrawal would never be refused '
                f"(reachable: {', '.join(sorted(reached)) or 'none'})",
            )
        ]
    return []


def _statuses_reached(definition: dict) -> set[str]:
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
