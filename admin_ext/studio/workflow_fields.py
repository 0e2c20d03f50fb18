"""What each step's form shows: labelled fields with their pickers, built from the step's flat values.

The pickers (teams, roles, connector slots, questions, steps) are passed in already scoped to the
workflow's council; a stored value missing from a picker is still offered, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workflows.conditions_describe import condition_words
from workflows.language import CASE_STATUSES, END_OUTCOMES, ESCALATION_PRIORITIES

from .workflow_model import CLAUSE_OPERATORS, MAX_CLAUSES, STEP_PROPERTIES

Choices = list[tuple[str, str]]
UNITS: Choices = [("", "—"), ("working_days", "working days"), ("days", "days"), ("hours", "hours")]
STEP_TYPE_WORDS = {
    "task": "Task",
    "decision": "Decision",
    "split": "Split (in parallel)",
    "join": "Join",
    "timer": "Timer",
    "wait_for_customer": "Wait for the resident",
    "wait_for_reply": "Wait for a reply",
    "connector": "Connector call",
    "set_status": "Status change",
    "set_field": "Set an answer",
    "notify": "Notification",
    "end": "End",
    "include": "Reusable part",
}


@dataclass
class Pickers:
    steps: Choices
    teams: Choices
    roles: Choices
    slots: Choices
    connector_types: Choices
    variables: Choices
    questions: Choices
    fragments: Choices
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Field:
    name: str
    label: str
    kind: str  # text, textarea, select, duration, hidden, checkbox
    value: str = ""
    choices: Choices = field(default_factory=list)
    hint: str = ""
    unit: str = ""
    prefix: str = ""

    @property
    def html_id(self) -> str:
        return f"{self.prefix}{self.name}"


@dataclass
class Group:
    is_group = True
    legend: str
    rows: list[list[Field]]
    hint: str = ""


def step_form(values: Mapping[str, str], pickers: Pickers, *, prefix: str) -> list[Field | Group]:
    """The fields of one step's form, in reading order."""
    step_type = values.get("type", "")
    f = _Builder(values, prefix)
    items: list[Field | Group] = [
        f.text("id", "Step id", hint="Lowercase letters, digits and _; other steps refer to it."),
        f.text("title", "Title"),
        f.text("description", "Description", kind="textarea"),
    ]
    steps = [("", "— choose a step —"), *pickers.steps]
    if step_type == "task":
        items += [
            f.select(
                "assign_rule",
                "Assign to",
                [
                    ("team", "a team"),
                    ("least_loaded", "the least busy in a team"),
                    ("round_robin", "each in a team in turn"),
                    ("same_as", "whoever did an earlier task"),
                ],
            ),
            f.select("assign_target", "Team or earlier task", [("", "—"), *pickers.teams, *pickers.steps]),
            f.select("assign_role", "Role in the team", [("", "anyone in the team"), *pickers.roles]),
            f.duration("due", "Due after"),
            f.duration("remind_before", "Remind before it is due"),
            f.duration("escalate_after", "Escalate after"),
            f.select("escalate_to_team", "Escalate to team", [("", "the same team"), *pickers.teams]),
            f.select("escalate_role", "Escalate to role", [("", "anyone"), *pickers.roles]),
            f.select("escalate_priority", "Escalated priority", [("", "unchanged"), *_plain(ESCALATION_PRIORITIES)]),
            f.select("escalate_notify", "Email on escalation", [("", "default"), ("true", "yes"), ("false", "no")]),
            f.select("next", "Then go to", [("", "— depends on the outcome (below) —"), *pickers.steps]),
            f.hidden("outcome_count"),
            _outcomes_group(f, values, steps),
        ]
    elif step_type == "decision":
        items += [*_branch_groups(f, values, pickers, steps), f.select("otherwise", "Otherwise go to", steps)]
    elif step_type == "split":
        count = int(values.get("split_count", "0") or 0)
        items.append(
            Group(
                "Run these in parallel",
                [[f.select(f"split-{i}", f"Branch {i + 1}", steps)] for i in range(count + 1)],
                hint="Leave the last one empty, or pick a step to add a branch.",
            )
        )
        items.append(f.hidden("split_count"))
    elif step_type == "include":
        items.append(f.select("fragment", "Reusable part", pickers.fragments))
        items += [
            f.select(k, f"Exit “{k.removeprefix('exit-')}” goes to", steps) for k in values if k.startswith("exit-")
        ]
    else:
        items += _simple_fields(f, step_type, pickers, steps)
    return [
        item
        for item in items
        if not (isinstance(item, Field) and item.name in ("title", "description") and step_type == "include")
    ]


def _simple_fields(f: _Builder, step_type: str, pickers: Pickers, steps: Choices) -> list[Field | Group]:
    labels = {
        "mode": (
            "Continue when",
            [
                ("", "all branches are done"),
                ("all", "all branches are done (said)"),
                ("first", "the first branch is done"),
            ],
        ),
        "connector": ("Connector slot", [("", "—"), *pickers.slots]),
        "status": ("New status", [("", "—"), *_plain(CASE_STATUSES)]),
        "outcome": ("Outcome", _plain(END_OUTCOMES)),
        "to": (
            "Send to",
            [
                ("resident", "the resident"),
                ("assignee", "the assigned officer"),
                *[(f"team:{v}", f"team {t}") for v, t in pickers.teams],
            ],
        ),
        "field": ("Answer to set", [("", "—"), *pickers.questions]),
    }
    items: list[Field | Group] = []
    for name, _path, kind in STEP_PROPERTIES.get(step_type, ()):
        if kind == "duration":
            words = {
                "wait": "Wait for",
                "reminder_after": "Remind the resident after",
                "timeout_after": "Give up after",
            }
            items.append(f.duration(name, words.get(name, name)))
        elif name in ("next", "timeout_next"):
            items.append(f.select(name, "Then go to" if name == "next" else "If it times out, go to", steps))
        elif name in labels:
            label, choices = labels[name]
            items.append(f.select(name, label, choices))
        elif name == "value":
            items.append(f.text(name, "Value", hint="Words, a number, true/false, or a condition expression in JSON."))
        elif name in ("body", "cy_body"):
            items.append(
                f.text(
                    name,
                    "Message" if name == "body" else "Message in Welsh",
                    kind="textarea",
                    hint="Placeholders: ((reference)), ((tracking_link)), ((answer: question)).",
                )
            )
        elif name in ("subject", "cy_subject"):
            items.append(f.text(name, "Subject" if name == "subject" else "Subject in Welsh"))
        elif name in ("resident_message", "cy_resident_message"):
            items.append(
                f.text(
                    name, "Message to the resident" + (" in Welsh" if name.startswith("cy") else ""), kind="textarea"
                )
            )
    return items


def _outcomes_group(f: _Builder, values: Mapping[str, str], steps: Choices) -> Group:
    count = int(values.get("outcome_count", "0") or 0)
    rows = []
    for i in range(count + 1):
        rows.append(
            [
                f.text(f"outcome-{i}-id", "Outcome id"),
                f.text(f"outcome-{i}-label", "Label for officers"),
                f.text(f"outcome-{i}-resident_label", "Label for the resident"),
                f.select(f"outcome-{i}-next", "Goes to", steps),
                *([f.checkbox(f"outcome-{i}-remove", "Remove")] if i < count else []),
            ]
        )
    return Group("Outcomes", rows, hint="The last row adds an outcome.") if rows else Group("Outcomes", [])


def _branch_groups(f: _Builder, values: Mapping[str, str], pickers: Pickers, steps: Choices) -> list[Field | Group]:
    count = int(values.get("branch_count", "0") or 0)
    groups: list[Field | Group] = [f.hidden("branch_count")]
    ops = [("", "—"), *CLAUSE_OPERATORS.items()]
    for i in range(count + 1):
        p = f"branch-{i}-"
        filled = sum(1 for c in range(MAX_CLAUSES) if values.get(f"{p}c{c}-var"))
        rows: list[list[Field]] = [
            [
                f.select(
                    p + "join", "Combine the rows with", [("and", "and (all must hold)"), ("or", "or (any may hold)")]
                ),
                f.hidden(p + "mode"),
            ]
        ]
        for c in range(min(filled + 1, MAX_CLAUSES)):
            rows.append(
                [
                    f.select(f"{p}c{c}-var", "Question or outcome", [("", "—"), *pickers.variables]),
                    f.select(f"{p}c{c}-op", "Comparison", ops),
                    f.text(
                        f"{p}c{c}-value",
                        "Value",
                        hint="yes/no, a number, or words; for “is one of”, separate with commas",
                    ),
                ]
            )
        rows.append(
            [
                f.select(p + "next", "Go to", steps),
                *([f.checkbox(p + "remove", "Remove this branch")] if i < count else []),
            ]
        )
        words = values.get(p + "words", "")
        if i == count:
            legend, hint = "Add a branch", "Fill in a row and a step to add a branch."
        elif values.get(p + "mode") == "keep":
            legend, hint = (
                f"Branch {i + 1}: when {words}",
                "This condition is written in a way the rows cannot show; it stays as written unless you fill in a row.",
            )
        else:
            legend, hint = f"Branch {i + 1}: when {words}", ""
        groups.append(Group(legend, rows, hint=hint))
    return groups


def branch_words(step: Mapping, names: Mapping[str, str]) -> dict[str, str]:
    """Each branch's condition in words, as extra form values the legends read."""
    return {
        f"branch-{i}-words": condition_words(b.get("when"), names=names) for i, b in enumerate(step.get("branches", []))
    }


def _plain(options: tuple[str, ...]) -> Choices:
    return [(o, o.replace("_", " ")) for o in options]


class _Builder:
    def __init__(self, values: Mapping[str, str], prefix: str):
        self.values, self.prefix = values, prefix

    def text(self, name: str, label: str, *, kind: str = "text", hint: str = "") -> Field:
        return Field(name, label, kind, self.values.get(name, ""), hint=hint, prefix=self.prefix)

    def hidden(self, name: str) -> Field:
        return Field(name, "", "hidden", self.values.get(name, ""), prefix=self.prefix)

    def checkbox(self, name: str, label: str) -> Field:
        return Field(name, label, "checkbox", self.values.get(name, ""), prefix=self.prefix)

    def select(self, name: str, label: str, choices: Choices) -> Field:
        value = self.values.get(name, "")
        if value and value not in {v for v, _ in choices}:
            choices = [*choices, (value, f"{value} (not found)")]
        return Field(name, label, "select", value, choices=choices, prefix=self.prefix)

    def duration(self, name: str, label: str) -> Field:
        return Field(
            f"{name}_amount",
            label,
            "duration",
            self.values.get(f"{name}_amount", ""),
            choices=UNITS,
            unit=self.values.get(f"{name}_unit", ""),
            prefix=self.prefix,
        )
