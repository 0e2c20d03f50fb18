"""Where a refused edit's problems belong: each JSON pointer from form_definition_check (or from the panel's
own parsing, `/studio/<question>/<input>`) is placed on its question, page or panel, worded for the summary."""

from __future__ import annotations

from dataclasses import dataclass

from councilflow.errors import DefinitionProblem

from .form_model import FormStructure

SCHEMA_INPUTS = {
    "title": "label",
    "description": "hint",
    "type": "widget",
    "format": "widget",
    "enum": "options",
    "oneOf": "options",
    "anyOf": "options",
    "items": "options",
}
UI_INPUTS = {"show_if": "show_if_value", "errors": "error"}


@dataclass(frozen=True)
class PlacedProblem:
    message: str  # for the summary: "Which bin was missed?: widget ... needs ..."
    detail: str  # for beside the input: the check's own words
    question: str | None = None
    page: str | None = None
    input: str | None = None  # the panel input the problem is about (its name)
    anchor: str | None = None

    def as_summary(self) -> dict:
        return {"message": self.message, "anchor": self.anchor}


def question_anchor(name: str, input_name: str | None = None) -> str:
    return f"q-{name}-{input_name}" if input_name else f"q-{name}"


def item_row_anchor(group: str, item: str) -> str:
    """An item question's row in its group's open panel."""
    return f"q-{group}-item-{item}"


def _parts(path: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]


def _on_question(
    structure: FormStructure, name: str, input_name: str | None, problem: DefinitionProblem
) -> PlacedProblem:
    question = structure.questions.get(name)
    label = question.label if question is not None else name
    # The panel shows a question's inputs only when it is open; the anchor is the input when it is there.
    return PlacedProblem(
        message=f"{label}: {problem.message}",
        detail=problem.message,
        question=name,
        input=input_name,
        anchor=question_anchor(name, input_name) if input_name else question_anchor(name),
    )


def problem_place(structure: FormStructure, problem: DefinitionProblem) -> PlacedProblem:
    parts = _parts(problem.path)
    if parts[:1] == ["studio"] and len(parts) >= 3:
        if parts[1] in ("new", "new_page"):
            return PlacedProblem(
                problem.message, problem.message, input=parts[2], anchor=f"{parts[1].replace('_', '-')}-{parts[2]}"
            )
        return _on_question(structure, parts[1], parts[2], problem)
    if parts[:2] == ["schema", "properties"] and len(parts) >= 7 and parts[3:5] == ["items", "properties"]:
        item_key = parts[6]  # an item question of a repeatable group: its row's input
        input_name = SCHEMA_INPUTS.get(item_key, item_key) or "label"
        return _on_question(structure, parts[2], f"item-{parts[5]}-{input_name}", problem)
    if parts[:2] == ["schema", "properties"] and len(parts) == 6 and parts[3:5] == ["items", "properties"]:
        return _on_question(structure, parts[2], f"item-{parts[5]}-label", problem)
    if parts[:2] == ["schema", "properties"] and len(parts) >= 3:
        key = parts[3] if len(parts) > 3 else None
        return _on_question(structure, parts[2], SCHEMA_INPUTS.get(key or "", key), problem)
    if parts[:2] == ["schema", "required"] and len(parts) >= 3:
        required = structure.schema.get("required") or []
        index = int(parts[2]) if parts[2].isdigit() else -1
        if 0 <= index < len(required) and required[index] in structure.questions:
            return _on_question(structure, required[index], "required", problem)
    if parts[:2] == ["ui_schema", "fields"] and len(parts) >= 3:
        key = parts[3] if len(parts) > 3 else None
        if key == "errors" and len(parts) > 4:
            return _on_question(structure, parts[2], f"error_{parts[4]}", problem)
        if key == "item_fields" and len(parts) > 4:
            sub_key = parts[5] if len(parts) > 5 else "label"
            if sub_key == "errors" and len(parts) > 6:
                return _on_question(structure, parts[2], f"item-{parts[4]}-error_{parts[6]}", problem)
            return _on_question(structure, parts[2], f"item-{parts[4]}-{sub_key}", problem)
        if key == "date_rules":
            rule = parts[4] if len(parts) > 4 else "not_in_future"  # rules as a whole: shown at the first one
            return _on_question(
                structure,
                parts[2],
                f"date_{rule}_amount" if rule in ("at_least", "at_most") else f"date_{rule}",
                problem,
            )
        return _on_question(structure, parts[2], UI_INPUTS.get(key or "", key), problem)
    if parts[:4] == ["ui_schema", "translations", "cy", "fields"] and len(parts) >= 7 and parts[5] == "items":
        key = parts[7] if len(parts) > 7 else "label"  # an item question's Welsh: its row's input
        if key == "errors" and len(parts) > 8:
            return _on_question(structure, parts[4], f"item-{parts[6]}-cy_error_{parts[8]}", problem)
        return _on_question(structure, parts[4], f"item-{parts[6]}-cy_{key}", problem)
    if parts[:4] == ["ui_schema", "translations", "cy", "fields"] and len(parts) >= 5:
        key = parts[5] if len(parts) > 5 else "label"
        if key == "errors" and len(parts) > 6:
            return _on_question(structure, parts[4], f"cy_error_{parts[6]}", problem)
        return _on_question(structure, parts[4], f"cy_{key}", problem)
    if parts[:2] == ["ui_schema", "pages"] and len(parts) >= 3 and parts[2].isdigit():
        index = int(parts[2])
        if index < len(structure.pages):
            page = structure.pages[index]
            if len(parts) >= 5 and parts[3] == "fields" and parts[4].isdigit() and int(parts[4]) < len(page.names):
                return _on_question(structure, page.names[int(parts[4])], None, problem)
            return PlacedProblem(
                f'Page "{page.title}": {problem.message}', problem.message, page=page.id, anchor=f"p-{page.id}"
            )
    if parts[:2] == ["ui_schema", "customer"]:
        role = parts[2] if len(parts) > 2 else ""
        return PlacedProblem(
            f"Resident's details: {problem.message}", problem.message, input=f"customer_{role}", anchor="sf-customer"
        )
    return PlacedProblem(f"{problem.path or '/'}: {problem.message}", problem.message, anchor=None)


def problems_place(structure: FormStructure, problems: list[DefinitionProblem]) -> list[PlacedProblem]:
    return [problem_place(structure, p) for p in problems]
