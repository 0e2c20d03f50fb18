"""A task's `form`: the questions an officer answers when completing it, run by the service forms' engine.

The same form engine as the portal (form_definitions: pages, labels, hints, widgets, RE2 patterns, error
messages), so a task form is checked at save time exactly as a service form is, and its answers are
validated the same way before they are stored on the case (`task.<step>.<field>` in conditions).
"""

from __future__ import annotations

import json

from councilflow.errors import DefinitionInvalid, DefinitionProblem, json_pointer
from form_definitions.compiled import CompiledForm, compiled_form_cached
from form_definitions.fields import FieldSpec, answer_display, form_fields
from form_definitions.meta import form_definition_check

# Posted beside the task form's questions on the task page, so no question may take these names.
TASK_PAGE_NAMES = frozenset({"outcome", "csrfmiddlewaretoken"})


def task_form_problems(definition: dict) -> list[DefinitionProblem]:
    """Each task form checked as a service form is, with its path; no uploads and no clash with the page's own names."""
    problems = []
    for index, step in enumerate(definition["steps"]):
        form = step.get("form") if step["type"] == "task" else None
        if form is None:
            continue
        where = ("steps", index, "form")
        try:
            form_definition_check(form["schema"], form.get("ui", {}))
        except DefinitionInvalid as exc:
            for problem in exc.problems:
                head, _, rest = problem.path.lstrip("/").partition("/")
                key = "ui" if head == "ui_schema" else "schema"
                problems.append(
                    DefinitionProblem(json_pointer(*where, key) + (f"/{rest}" if rest else ""), problem.message)
                )
            continue
        for field in form_fields(form["schema"], form.get("ui", {})):
            if field.widget == "file":
                problems.append(
                    DefinitionProblem(
                        json_pointer(*where, "schema", "properties", field.name),
                        "a task form cannot ask for a file; officers add attachments on the case page",
                    )
                )
            if field.name in TASK_PAGE_NAMES:
                problems.append(
                    DefinitionProblem(
                        json_pointer(*where, "schema", "properties", field.name),
                        f'"{field.name}" is used by the task page itself; name the question differently',
                    )
                )
    return problems


def task_form_compiled(step: dict) -> CompiledForm | None:
    """The step's compiled form (None without one); published steps never change, so it is cached by content."""
    form = step.get("form")
    if not form:
        return None
    key = ("task-form", json.dumps(form, sort_keys=True))
    return compiled_form_cached(key, form["schema"], form.get("ui", {}))


def task_form_fields(step: dict) -> list[FieldSpec]:
    """The questions the task page shows, in form order."""
    compiled = task_form_compiled(step)
    return compiled.fields if compiled else []


def task_answers_errors(step: dict, answers: dict) -> dict[str, str]:
    """What is wrong with `answers` for this task's form, one message per question; {} when they fit."""
    compiled = task_form_compiled(step)
    if compiled is None:
        return {"__all__": "This task has no form, so it takes no answers"} if answers else {}
    names = {f.name for f in compiled.fields}
    unknown = sorted(set(answers) - names)
    if unknown:
        return {"__all__": f"Not a question of this task's form: {', '.join(unknown)}"}
    return compiled.errors_for(answers)


def task_answers_display(step: dict, answers: dict) -> list[tuple[str, str]]:
    """(label, readable value) for each answered question, in form order."""
    return [(f.label, answer_display(f, answers[f.name])) for f in task_form_fields(step) if f.name in answers]
