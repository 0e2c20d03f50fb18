"""The workflow page's content: each step's form, its problems, the pickers and the diagram.

Problems come from the engine's check as JSON pointers; each is shown on the step it points into
(`/steps/3/branches/0/next` belongs to step 3) and listed in the summary with a link to that step.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.safestring import SafeString, mark_safe

from connectors.models import Connector
from councilflow.errors import DefinitionProblem
from councils.models import Membership, Team
from workflows.compile import UnsupportedStep
from workflows.diagram import step_label, variable_names
from workflows.field_types import field_types_from_schema, form_fields
from workflows.language_vocabulary import CASE_STATUSES
from workflows.models import WorkflowDefinition
from workflows.ports import connector_types
from workflows.services import workflow_form_schema

from .workflow_cards import StepCard, step_goes_to_words, step_open_href
from .workflow_derived import workflow_problems_remembered, workflow_svg_remembered
from .workflow_edits import NEW_STEP_TYPES
from .workflow_fields import (
    STEP_TYPE_WORDS,
    Field,
    Group,
    Pickers,
    _Builder,
    branch_words,
    problem_field,
    step_form,
)
from .workflow_html import fields_html
from .workflow_model import step_values, workflow_values

PART_WORDS = {
    "branches": "branch",
    "outcomes": "outcome",
    "next": "next step",
    "otherwise": "otherwise",
    "assign": "assignment",
    "when": "condition",
    "template": "message",
    "timeout": "timeout",
    "escalate": "escalation",
    "due": "due date",
}


def workflow_field_types(workflow: WorkflowDefinition) -> dict[str, str]:
    return field_types_from_schema(workflow_form_schema(workflow))


def workflow_pickers(workflow: WorkflowDefinition, definition: dict) -> Pickers:
    """Every choice list, from the workflow's own council, form and definition."""
    form_schema = workflow_form_schema(workflow)
    questions = [(f"data.{name}", sub.get("title") or name) for name, sub in form_fields(form_schema).items()]
    steps = [(s["id"], f"{step_label(s)} ({s['id']})") for s in definition.get("steps", [])]
    tasks = [
        (f"outcomes.{s['id']}", f"Outcome of “{step_label(s)}”")
        for s in definition.get("steps", [])
        if s.get("type") == "task"
    ]
    answer_fields, date_fields = _answer_fields(definition, form_schema)
    configured = set(Connector.objects.filter(council_id=workflow.council_id).values_list("kind", flat=True))
    kinds = sorted(connector_types().connector_type_names())
    return Pickers(
        steps=steps,
        teams=list(Team.objects.filter(council_id=workflow.council_id).order_by("name").values_list("slug", "name")),
        roles=[
            (Membership.Role.TEAM_LEADER.value, "team leader"),
            (Membership.Role.CASE_OFFICER.value, "case officer"),
        ],
        slots=[(c["slot"], f"{c['slot']} ({c['type']})") for c in definition.get("connectors", [])],
        connector_types=[(k, k + (" (set up for this council)" if k in configured else "")) for k in kinds],
        variables=[*questions, *tasks, ("case.channel", "How the case came in")],
        questions=[(name.removeprefix("data."), title) for name, title in questions],
        fragments=[(name, f.get("title", name)) for name, f in definition.get("fragments", {}).items()],
        names=variable_names(definition, form_schema),
        tasks=[(s["id"], f"“{step_label(s)}”") for s in definition.get("steps", []) if s.get("type") == "task"],
        answer_fields=answer_fields,
        date_fields=date_fields,
    )


def _answer_fields(definition: dict, form_schema: dict | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The service form's questions and every task form's, as `data.<q>` / `task.<task>.<q>`; and the dates."""
    answers, dates = [], []
    sources = [("data", "", form_schema)]
    sources += [
        (f"task.{s['id']}", f" (task “{step_label(s)}”)", s["form"].get("schema"))
        for s in definition.get("steps", [])
        if s.get("type") == "task" and isinstance(s.get("form"), dict)
    ]
    for root, where, schema in sources:
        for name, sub in form_fields(schema).items():
            choice = (f"{root}.{name}", f"{sub.get('title') or name}{where}")
            answers.append(choice)
            if field_types_from_schema({"properties": {name: sub}}).get(name) == "date":
                dates.append(choice)
    return answers, dates


def workflow_problems(workflow: WorkflowDefinition) -> list[DefinitionProblem]:
    """The stored draft's own problems (a draft made elsewhere may not pass yet); remembered by content."""
    return workflow_problems_remembered(workflow)


def problem_where(path: str) -> str:
    """A pointer inside a step in words: `/steps/0/branches/1/next` -> "branch 2, next step"."""
    parts = path.split("/")[3:]
    words = []
    for i, part in enumerate(parts):
        if part.isdigit():
            continue
        number = f" {int(parts[i + 1]) + 1}" if i + 1 < len(parts) and parts[i + 1].isdigit() else ""
        words.append(PART_WORDS.get(part, part.replace("_", " ")) + number)
    return ", ".join(words)


def problem_step_index(path: str) -> int | None:
    parts = path.split("/")
    return int(parts[2]) if len(parts) > 2 and parts[1] == "steps" and parts[2].isdigit() else None


def workflow_page_context(
    workflow: WorkflowDefinition,
    *,
    problems: list[DefinitionProblem] | None = None,
    posted: Mapping[str, Mapping[str, str]] | None = None,
    open_step: str = "",
    not_opened: str = "",
) -> dict:
    """Everything the page shows; `posted` holds the designer's refused input by form ("step-3", "settings", "add").

    Only one step's form is built: the refused one in `posted`, else `open_step` (an id). Steps with problems get
    their fields built too, but only to find the control each problem is at; the summary links there via ?step=.
    """
    definition = workflow.definition
    posted = posted or {}
    problems = workflow_problems(workflow) if problems is None else problems
    pickers = workflow_pickers(workflow, definition)
    types = workflow_field_types(workflow)
    steps = definition.get("steps", [])
    open_index = _open_index(steps, posted, open_step)
    problem_indexes = {problem_step_index(p.path) for p in problems}
    labels = {s["id"]: step_label(s) for s in steps}
    cards, card_values = [], []
    for index, step in enumerate(steps):
        card = StepCard(
            index=index,
            step_id=step["id"],
            label=labels[step["id"]],
            type_words=STEP_TYPE_WORDS.get(step.get("type", ""), step.get("type", "")),
            goes_to=step_goes_to_words(step, labels),
            is_open=index == open_index,
        )
        values: dict[str, str] = {}
        if card.is_open or index in problem_indexes:
            values = dict(posted.get(f"step-{index}") or step_values(step, field_types=types))
            values["type"] = step.get("type", "")  # the stored type decides the form, never the POST
            if step.get("type") == "decision":
                values.update(branch_words(step, pickers.names))
            card.fields = step_form(values, pickers, prefix=f"s{index}-")
        cards.append(card)
        card_values.append(values)
    settings_values = posted.get("settings") or workflow_values(definition)
    settings = workflow_settings_fields(settings_values, pickers)
    summary, general = [], []
    for problem in problems:
        index = problem_step_index(problem.path)
        parts = [p.replace("~1", "/").replace("~0", "~") for p in problem.path.split("/")[1:]]
        if index is not None and index < len(cards):
            card = cards[index]
            where = problem_where(problem.path)
            text = f"{where}: {problem.message}" if where else problem.message
            card.problems.append(text)
            name = problem_field(card_values[index], parts[2:], message=problem.message)
            anchor = fields_error_mark(card.fields, name, problem.message) or card.anchor
            href = f"#{anchor}" if card.is_open else step_open_href(card.step_id, anchor)
            summary.append({"message": f"Step {index + 1} ({card.label}): {text}", "anchor": anchor, "href": href})
        else:
            message = str(problem) if problem.path else problem.message
            name = problem_field(settings_values, parts, message=problem.message, settings=True)
            anchor = fields_error_mark(settings, name, problem.message)
            if not anchor:
                general.append(message)
            summary.append({"message": message, "anchor": anchor or "wf-settings"})
    problem_ids = {c.step_id for c in cards if c.problems}
    editable = workflow.is_editable
    open_card = cards[open_index] if open_index is not None else None
    if open_card is not None:
        open_card.form_html = fields_html(open_card.fields, editable=editable)
    return {
        "workflow": workflow,
        "editable": editable,
        "cards": cards,
        "open_card": open_card,
        "open_unsaved": open_index is not None and f"step-{open_index}" in posted,
        "not_opened": labels.get(not_opened, "") if open_card is not None and not_opened != open_card.step_id else "",
        "wf_problems": summary,  # rendered inside the htmx-swapped part, not by base.html
        "general_problems": general,
        "settings": settings,
        "settings_html": fields_html(settings, editable=editable),
        "pickers": pickers,
        "add": posted.get("add", {}),
        "new_step_types": [(t, STEP_TYPE_WORDS[t]) for t in NEW_STEP_TYPES],
        "diagram": workflow_diagram(workflow, problem_ids),
    }


def _open_index(steps: list, posted: Mapping[str, Mapping[str, str]], open_step: str) -> int | None:
    """The refused step's index if a step's input came back, else the index of the step called `open_step`."""
    for key in posted:
        if key.startswith("step-") and key[5:].isdigit() and int(key[5:]) < len(steps):
            return int(key[5:])
    return next((i for i, s in enumerate(steps) if s.get("id") == open_step), None) if open_step else None


def fields_error_mark(items: list, name: str, message: str) -> str:
    """Put `message` on the control called `name` (inside groups too); its html id, or "" when there is none."""
    if not name:
        return ""
    for item in items:
        candidates = [f for row in item.rows for f in row] if isinstance(item, Group) else [item]
        for candidate in candidates:
            if candidate.name == name and candidate.kind != "hidden":
                candidate.error = f"{candidate.error} {message}".strip()
                return candidate.html_id
    return ""


def workflow_settings_fields(values: Mapping[str, str], pickers: Pickers) -> list:
    f = _Builder(values, "settings-")
    count = int(values.get("connector_count", "0") or 0)
    slots = Group(
        "Connector slots",
        [
            [
                f.text(f"connector-{i}-slot", "Slot name"),
                f.select(f"connector-{i}-type", "Connector type", [("", "—"), *pickers.connector_types]),
                *([f.checkbox(f"connector-{i}-remove", "Remove")] if i < count else []),
            ]
            for i in range(count + 1)
        ],
        hint="A connector step sends the case through a slot; the last row adds one.",
    )
    fields: list[Field | Group] = [
        f.text("title", "Workflow title"),
        f.text("description", "Description", kind="textarea"),
        f.select("start", "First step", pickers.steps),
        f.duration("sla", "Case SLA (the service's SLA, if set, wins)"),
        f.select("reopen_to", "A reopened case goes back to", [("", "— cannot be reopened —"), *pickers.steps]),
        f.duration("reopen_sla", "A reopened case is due after (default: the case SLA again)"),
        f.text(
            "resolution_window",
            "Working days a resolved case waits for “Has this been resolved?”",
            hint="Empty: the council's own number of days.",
        ),
        Group(
            "Extensions officers may give",
            [
                [
                    f.text("extensions_max_working_days", "At most this many working days in total"),
                    f.text("extensions_max_count", "At most this many times"),
                ]
            ],
            hint="Leave both empty for no extensions.",
        ),
        Group(
            "Withdrawal by the resident",
            [
                [
                    f.select(
                        "withdrawal_resident",
                        "Residents may withdraw online",
                        [("", "yes (default)"), ("true", "yes (said)"), ("false", "no: only officers can cancel")],
                    ),
                    f.select(
                        "withdrawal_before_status",
                        "Refused once the case has been at",
                        [("", "— allowed until the case ends —"), *[(s, s.replace("_", " ")) for s in CASE_STATUSES]],
                    ),
                ],
                [
                    f.text("withdrawal_message", "Message on the tracking page after a withdrawal", kind="textarea"),
                    f.text("withdrawal_cy_message", "The same in Welsh", kind="textarea"),
                ],
            ],
            hint="Officers can always cancel a case, with a reason, from its page.",
        ),
        f.hidden("connector_count"),
        slots,
    ]
    return fields


def workflow_diagram_context(workflow: WorkflowDefinition) -> dict:
    """What the live diagram needs alone: the stored draft's problem steps outlined, no step forms built."""
    steps = workflow.definition.get("steps", [])
    indexes = {problem_step_index(p.path) for p in workflow_problems(workflow)}
    problem_ids = {steps[i]["id"] for i in indexes if i is not None and i < len(steps)}
    return {"workflow": workflow, "diagram": workflow_diagram(workflow, problem_ids)}


def workflow_diagram(workflow: WorkflowDefinition, problem_steps: set[str]) -> SafeString | None:
    """The SVG, or None when the stored JSON cannot be drawn yet (its problems are listed instead). An arrow to a
    missing step is drawn to a marked stand-in (workflows/diagram_dangling.py), so only worse drafts get None."""
    try:
        # Our SVG template escapes every label.
        return mark_safe(workflow_svg_remembered(workflow, problem_steps=problem_steps))
    except (KeyError, AttributeError, TypeError, ValueError, LookupError, UnsupportedStep):
        return None
