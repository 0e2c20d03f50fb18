"""What each step's form shows: labelled fields with their pickers, built from the step's flat values.

The pickers (teams, roles, connector slots, questions, steps) are passed in already scoped to the
workflow's council; a stored value missing from a picker is still offered, so nothing is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workflows.conditions_describe import condition_words
from workflows.language import CASE_STATUSES, END_OUTCOMES, ESCALATION_PRIORITIES

from .cancel_on_rows import KIND_CHOICES
from .workflow_model import CLAUSE_OPERATORS, MAX_CLAUSES, STEP_PROPERTIES, WORKFLOW_PROPERTIES

Choices = list[tuple[str, str]]
UNITS: Choices = [
    ("", "—"),
    ("working_days", "working days"),
    ("working_hours", "working hours"),
    ("days", "days"),
    ("hours", "hours"),
]
STOPS_CLOCK: Choices = [
    ("", "the default for this kind of wait"),
    ("true", "yes, stop it"),
    ("false", "no, keep it running"),
]
STEP_TYPE_WORDS = {
    "task": "Task",
    "decision": "Decision",
    "split": "Split (in parallel)",
    "join": "Join",
    "first_of": "Whichever happens first",
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
    tasks: Choices = field(default_factory=list)  # task step ids, for separation of duties
    answer_fields: Choices = field(default_factory=list)  # data.<q> and task.<task>.<q>, for team_from
    date_fields: Choices = field(default_factory=list)  # the date ones among them, for timers


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
    error: str = ""  # the check's message for this control, shown beside it

    @property
    def html_id(self) -> str:
        return f"{self.prefix}{self.name}"

    @property
    def options_html(self) -> SafeString:
        """The select's options, escaped once per choice list: a template loop per option made a 50-step page take
        seconds. Only " selected" is put in per control, after each option whose value is the chosen one."""
        chosen = self.unit if self.kind == "duration" else self.value
        html, positions = _options_escaped(tuple(self.choices))
        for at in reversed(positions.get(chosen, ())):
            html = f"{html[:at]} selected{html[at:]}"
        return mark_safe(html)

    @property
    def describedby(self) -> str:
        """The ids of the hint and the error, for aria-describedby."""
        ids = [f"{self.html_id}-hint"] if self.hint else []
        return " ".join([*ids, f"{self.html_id}-error"] if self.error else ids)


@lru_cache(maxsize=512)
def _options_escaped(choices: tuple[tuple[str, str], ...]) -> tuple[str, dict[str, tuple[int, ...]]]:
    """The options' HTML, and where " selected" goes for each value: a page's selects share a few choice lists."""
    parts: list[str] = []
    positions: dict[str, tuple[int, ...]] = {}
    length = 0
    for value, text in choices:
        start = f'<option value="{escape(value)}"'
        positions[value] = (*positions.get(value, ()), length + len(start))
        parts.append(f"{start}>{escape(text)}</option>")
        length += len(parts[-1])
    return "".join(parts), positions


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
                    ("team_from", "the team an answer picks"),
                ],
            ),
            f.select("assign_target", "Team or earlier task", [("", "—"), *pickers.teams, *pickers.steps]),
            f.select("assign_role", "Role in the team", [("", "anyone in the team"), *pickers.roles]),
            *_team_from_fields(f, values, pickers),
            _not_by_group(f, values, pickers),
            f.duration("due", "Due after"),
            f.duration("remind_before", "Remind before it is due"),
            f.duration("escalate_after", "Escalate after"),
            f.select("escalate_to_team", "Escalate to team", [("", "the same team"), *pickers.teams]),
            f.select("escalate_role", "Escalate to role", [("", "anyone"), *pickers.roles]),
            f.select("escalate_priority", "Escalated priority", [("", "unchanged"), *_plain(ESCALATION_PRIORITIES)]),
            f.select("escalate_notify", "Email on escalation", [("", "default"), ("true", "yes"), ("false", "no")]),
            f.duration("case_sla", "New stage: the case is due this long after this task opens"),
            _multiple_group(f, pickers),
            f.select(
                "only_at_status",
                "Can be done only while the case is",
                [("", "— at any status —"), *[(v, v.replace("_", " ")) for v in CASE_STATUSES if v != "open"]],
            ),
            f.hidden("cancel_count"),
            _cancel_on_group(f, values, pickers, steps),
            f.select("next", "Then go to", [("", "— depends on the outcome (below) —"), *pickers.steps]),
            f.hidden("outcome_count"),
            _outcomes_group(f, values, steps),
        ]
    elif step_type == "decision":
        items += [*_branch_groups(f, values, pickers, steps), f.select("otherwise", "Otherwise go to", steps)]
    elif step_type == "split":
        items += _step_list_group(
            f,
            values,
            steps,
            prefix="split",
            legend="Run these in parallel",
            label="Branch",
            hint="Leave the last one empty, or pick a step to add a branch.",
        )
    elif step_type == "first_of":
        items += _step_list_group(
            f,
            values,
            steps,
            prefix="first",
            legend="Whichever of these happens first",
            label="Option",
            hint="Each option is a wait, a timer or a task with its own “Then go to”. Leave the last one empty.",
        )
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
                ("first", "the first branch is done (the others are cancelled)"),
                ("first_others_finish", "the first branch is done (the others carry on to the end)"),
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
        "until_field": ("Or wait until the date in", [("", "— a fixed wait (above) —"), *pickers.date_fields]),
        "stops_clock": ("Stop the SLA clock while waiting", STOPS_CLOCK),
    }
    items: list[Field | Group] = []
    for name, _path, kind in STEP_PROPERTIES.get(step_type, ()):
        if kind == "duration":
            words = {
                "wait": "Wait for",
                "reminder_after": "Remind the resident after",
                "timeout_after": "Give up after",
                "until_before": "Fire this long before the date",
                "until_after": "Fire this long after the date",
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


def _team_from_fields(f: _Builder, values: Mapping[str, str], pickers: Pickers) -> list[Field | Group]:
    """Assignment from an answer: which question, each answer's team, and the team for any other answer."""
    count = int(values.get("team_from_count", "0") or 0)
    teams = [("", "—"), *pickers.teams]
    rows = [
        [
            f.text(f"team_from-{i}-answer", "Answer"),
            f.select(f"team_from-{i}-team", "Goes to team", teams),
            *([f.checkbox(f"team_from-{i}-remove", "Remove")] if i < count else []),
        ]
        for i in range(count + 1)
    ]
    return [
        f.hidden("team_from_count"),
        Group(
            "Team from an answer (when assigned to “the team an answer picks”)",
            [
                [f.select("team_from_field", "Question", [("", "—"), *pickers.answer_fields])],
                *rows,
                [f.select("team_from_default", "Any other answer goes to team", teams)],
            ],
            hint="Answers as written: yes/no as true/false, numbers as digits. The last row adds an answer.",
        ),
    ]


def _not_by_group(f: _Builder, values: Mapping[str, str], pickers: Pickers) -> Group:
    """Separation of duties: ticks for "anyone on the case" and for each task whose officer is kept away."""
    own = values.get("id", "")
    tasks = [(v, t) for v, t in pickers.tasks if v != own]
    stored = [k.removeprefix("not_by-") for k in values if k.startswith("not_by-") and values[k]]
    tasks += [(v, f"{v} (not found)") for v in stored if v not in {t for t, _ in tasks}]
    row = [f.checkbox("not_by_anyone", "Anyone who has done a task on this case")]
    row += [f.checkbox(f"not_by-{v}", f"Whoever did {t}") for v, t in tasks]
    return Group(
        "Someone else must do this task (separation of duties)",
        [[f.hidden("not_by_shown")], row],
        hint="Tick nothing to let anyone in the queue do it.",
    )


def _multiple_group(f: _Builder, pickers: Pickers) -> Group:
    """Multiple instances: one task per item of a list, or as many copies as a number from the case says."""
    lists = [("", "— not repeated —"), *pickers.answer_fields]
    return Group(
        "Repeat this task (multiple instances)",
        [
            [
                f.select("multiple_for_each", "One task for each item of", lists),
                f.select("multiple_count", "Or this many copies", lists),
            ],
            [
                f.select(
                    "multiple_order",
                    "Run them",
                    [
                        ("", "all at once (in parallel)"),
                        ("parallel", "all at once (said)"),
                        ("sequential", "one after another"),
                    ],
                ),
                f.select(
                    "multiple_complete",
                    "Go on when",
                    [
                        ("", "all are done"),
                        ("all", "all are done (said)"),
                        ("any", "any one is done"),
                        ("at_least", "at least this many are done"),
                    ],
                ),
                f.text("multiple_at_least", "How many (for “at least”)"),
            ],
        ],
        hint="Leave both lists empty for one task. The others are cancelled once enough are done.",
    )


def _cancel_on_group(f: _Builder, values: Mapping[str, str], pickers: Pickers, steps: Choices) -> Group:
    """Timers and events that cancel the task; a back-office reply is picked from the workflow's own connector
    slots (a stored slot it no longer declares stays shown as "not found" and the check refuses it)."""
    slots = [("", "any connector"), *pickers.slots]
    count = int(values.get("cancel_count", "0") or 0)
    rows = [
        [
            f.select(f"cancel-{i}-kind", "Cancel the task when", KIND_CHOICES),
            f.duration(f"cancel-{i}-after", "After (a time passes)"),
            f.text(f"cancel-{i}-label", "Button words (officer action)"),
            f.select(f"cancel-{i}-connector", "Only from connector slot (back office replies)", slots),
            f.select(f"cancel-{i}-next", "Instead go to", steps),
            *([f.checkbox(f"cancel-{i}-remove", "Remove")] if i < count else []),
        ]
        for i in range(min(count, 4) + 1)
    ]
    return Group("Cancelled by a timer or an event", rows, hint="The last row adds one; whichever happens first wins.")


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


def problem_field(values: Mapping[str, str], parts: list[str], *, message: str = "", settings: bool = False) -> str:
    """The form control a problem belongs to, from its JSON pointer's parts inside the step (or the document).

    "" when no single control holds it; the problem is then shown on the step as a whole.
    """
    missing = re.match(r'"(\w+)" is required', message)
    if missing:
        parts = [*parts, missing.group(1)]  # a missing key belongs to the control that would hold it
    if not parts:
        return ""
    properties = WORKFLOW_PROPERTIES if settings else (*STEP_PROPERTIES.get(values.get("type", ""), ()),)
    for name, path, kind in sorted(properties, key=lambda p: -len(p[1])):
        if tuple(parts[: len(path)]) == path:
            return f"{name}_amount" if kind == "duration" else name
    if settings:
        return {"extensions": "extensions_max_working_days", "connectors": "connector-0-slot"}.get(parts[0], "")
    head, rest = parts[0], parts[1:]
    if head in ("id", "title", "description"):
        return head
    if head == "not_by":
        return "not_by_anyone"
    if head == "assign":
        return _assign_field(values, rest, message)
    if head == "outcomes" and rest and rest[0].isdigit():
        return f"outcome-{rest[0]}-label" if rest[1:] == ["label"] else f"outcome-{rest[0]}-id"
    if head == "next":
        if not rest:
            return "next"
        index = _row_index(values, "outcome", "id", rest[0])
        return f"outcome-{index}-next" if index is not None else "next"
    if head == "branches" and rest and rest[0].isdigit():
        if values.get("type") == "split":
            return f"split-{rest[0]}"
        return f"branch-{rest[0]}-next" if rest[1:2] == ["next"] else f"branch-{rest[0]}-c0-var"
    if head == "options" and rest and rest[0].isdigit():
        return f"first-{rest[0]}"
    if head in ("branches", "otherwise", "fragment"):
        return {"branches": "branch-0-next"}.get(head, head)
    if head == "exits" and rest:
        return f"exit-{rest[0]}"
    if head == "cancel_on" and rest and rest[0].isdigit():
        control = {"after": "after_amount", "label": "label", "connector": "connector", "next": "next"}.get(
            rest[1] if rest[1:] else "", "kind"
        )
        return f"cancel-{rest[0]}-{control}"
    return ""


def _assign_field(values: Mapping[str, str], parts: list[str], message: str) -> str:
    if parts[:1] == ["role"]:
        return "assign_role"
    if parts[:1] != ["team_from"]:
        return "assign_target" if parts else "assign_rule"
    rest = parts[1:]
    if rest[:1] == ["default"]:
        return "team_from_default"
    if rest[:1] == ["map"]:
        if len(rest) > 1:
            index = _row_index(values, "team_from", "answer", rest[1])
            if index is not None:
                # An unknown team and an answer the question cannot have share one pointer: the words tell.
                return f"team_from-{index}-{'team' if message.startswith('no team') else 'answer'}"
        return "team_from-0-answer"
    return "team_from_field"


def _row_index(values: Mapping[str, str], group: str, column: str, wanted: str) -> int | None:
    count = int(values.get(f"{group}_count", "0") or 0)
    return next((i for i in range(count) if values.get(f"{group}-{i}-{column}") == wanted), None)


def _step_list_group(
    f: _Builder, values: Mapping[str, str], steps: Choices, *, prefix: str, legend: str, label: str, hint: str
) -> list[Field | Group]:
    """A list of step pickers (a split's branches, a first_of's options) with one empty row to add another."""
    count = int(values.get(f"{prefix}_count", "0") or 0)
    rows = [[f.select(f"{prefix}-{i}", f"{label} {i + 1}", steps)] for i in range(count + 1)]
    return [Group(legend, rows, hint=hint), f.hidden(f"{prefix}_count")]
